package com.upgradectl.activities.platform.sqlserver;

import java.time.Instant;

/**
 * A full copy-only backup of a database taken before production is changed in place, from which
 * {@link SqlServerServer#restoreSafetyCopy} puts it back.
 *
 * @param location the backup file's path, as the server sees it
 * @param compressed whether the backup is compressed (editions without backup compression: false)
 */
public record SafetyCopy(String database, String location, Instant takenAt, boolean compressed) {}
