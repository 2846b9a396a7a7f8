package com.upgradectl.activities.platform;

import java.time.Instant;

/**
 * A full copy of a database taken before production is changed in place, from which
 * {@link DatabaseServer#restoreSafetyCopy} puts it back.
 *
 * @param location where the copy lives, as the server sees it (SQL Server: the backup file's path)
 * @param compressed whether the copy was compressed (SQL Server editions without backup compression: false)
 */
public record SafetyCopy(String database, String location, Instant takenAt, boolean compressed) {}
