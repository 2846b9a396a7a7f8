package com.upgradectl.pkg.schema;

/**
 * A column as a database reports it.
 *
 * @param type the column's type as the platform writes it in a CAST (PostgreSQL: {@code format_type},
 *     e.g. {@code character varying(200)}); constants are converted to it
 * @param hasDefault true when an INSERT that leaves the column out gets a value: a DEFAULT, an
 *     identity or a serial column
 * @param generated true for a column the database computes and nobody may write (PostgreSQL
 *     {@code GENERATED ALWAYS AS (...) STORED}, a SQL Server computed column); identity columns are
 *     NOT generated in this sense: their values are copied so that ids are kept
 */
public record ColumnShape(String name, String type, boolean nullable, boolean hasDefault, boolean generated) {}
