package com.upgradectl.pkg.schema;

import com.upgradectl.pkg.ColumnSource;

/**
 * How the copier fills one target column, with names as the databases spell them.
 *
 * @param targetColumn the column of the target (pilot) table
 * @param targetType its type as the target platform writes it (a {@link ColumnSource.Constant} is
 *     converted to it)
 * @param source a {@link ColumnSource.SourceColumn} naming a column of the source table exactly as
 *     production spells it, a {@link ColumnSource.Constant}, or a {@link ColumnSource.Expression}
 *     that production evaluates over the source row
 */
public record ColumnPlan(String targetColumn, String targetType, ColumnSource source) {}
