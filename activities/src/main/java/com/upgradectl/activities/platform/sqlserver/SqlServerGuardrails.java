package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.platform.SessionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator should know before the server is told to cut sessions off, change a database's
 * state or write a safety copy.
 *
 * @param sessionsCutOff the application's sessions that freeze, a rename or a restore would end
 * @param longTransactions sessions whose transaction has been open longer than the threshold:
 *     ending them rolls their work back, which can take as long as it took to do
 * @param backupSpace free space where the safety copy would be written; null without a backup directory
 */
public record SqlServerGuardrails(
    String database,
    String state,
    String userAccess,
    boolean readOnly,
    String recoveryModel,
    List<SessionInfo> sessionsCutOff,
    Duration longTransactionThreshold,
    List<SessionInfo> longTransactions,
    BackupSpace backupSpace) {

  public SqlServerGuardrails {
    sessionsCutOff = List.copyOf(sessionsCutOff);
    longTransactions = List.copyOf(longTransactions);
  }

  /**
   * Free space at the backup directory.
   *
   * @param volume the mount point holding the directory, null when no database file of the server
   *     lies on that volume (sys.dm_os_volume_stats cannot see it): then nothing is known
   * @param availableBytes null when the volume is unknown
   * @param estimatedBytes the database's data files' allocated size: an upper bound of an
   *     uncompressed full backup
   */
  public record BackupSpace(String directory, String volume, Long availableBytes, long estimatedBytes) {
    public boolean known() {
      return availableBytes != null;
    }

    public boolean sufficient() {
      return known() && availableBytes >= estimatedBytes;
    }
  }

  /** The findings that should stop or at least warn an operator, one sentence each; empty when none. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!"ONLINE".equals(state)) {
      problems.add("database " + database + " is " + state + ", not ONLINE");
    }
    if (!SqlServerStatements.MULTI_USER.equals(userAccess)) {
      problems.add("database " + database + " is " + userAccess + " already");
    }
    if (readOnly) {
      problems.add("database " + database + " is READ_ONLY already");
    }
    if (!longTransactions.isEmpty()) {
      problems.add(longTransactions.size() + " session(s) have had a transaction open for more than "
          + longTransactionThreshold.toSeconds() + " s; ending them rolls their work back: " + longTransactions);
    }
    if (backupSpace != null && !backupSpace.known()) {
      problems.add("free space at " + backupSpace.directory() + " is unknown: no database file of the server lies"
          + " on that volume; check that " + backupSpace.estimatedBytes() + " bytes fit there");
    } else if (backupSpace != null && !backupSpace.sufficient()) {
      problems.add("only " + backupSpace.availableBytes() + " bytes are free on " + backupSpace.volume() + " for "
          + backupSpace.directory() + "; the copy may need up to " + backupSpace.estimatedBytes());
    }
    return problems;
  }
}
