package com.upgradectl.pkg.schema;

/** PLACEHOLDER for the package helper's record; replaced when main carries the real one. */
public record ColumnShape(String name, String type, boolean nullable, boolean hasDefault, boolean generated) {}
