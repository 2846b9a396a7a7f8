package com.upgradectl.activities.copy;

/**
 * One column as a database catalog describes it.
 *
 * @param type the type as the server writes it, typmod included (e.g. {@code character varying(200)})
 * @param generated a computed column: never written by a copy
 * @param identity filled by an identity or serial sequence when no value is given
 */
public record ColumnInfo(String name, String type, boolean notNull, boolean hasDefault, boolean generated,
    boolean identity) {}
