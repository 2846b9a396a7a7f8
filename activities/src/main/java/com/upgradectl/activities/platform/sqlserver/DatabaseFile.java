package com.upgradectl.activities.platform.sqlserver;

/**
 * One file of a database as sys.master_files lists it. Renames leave files as they are, so after
 * a switch the production database keeps the pilot's file names: reported, never changed.
 *
 * @param type ROWS, LOG, FILESTREAM, FULLTEXT
 */
public record DatabaseFile(String logicalName, String physicalName, String type, long sizeBytes) {}
