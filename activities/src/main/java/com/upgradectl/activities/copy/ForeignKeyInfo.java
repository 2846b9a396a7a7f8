package com.upgradectl.activities.copy;

/**
 * A foreign key as the catalog describes it.
 *
 * @param definition the server's own text of the constraint (PostgreSQL: pg_get_constraintdef), enough
 *     to create it again
 */
public record ForeignKeyInfo(String name, String schema, String table, String referencedSchema, String referencedTable,
    String definition) {}
