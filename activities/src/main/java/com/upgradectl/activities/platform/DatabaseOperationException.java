package com.upgradectl.activities.platform;

/**
 * A database operation failed for a reason that may pass (connection lost, object in use,
 * sessions that would not end): Temporal retries the activity.
 */
public class DatabaseOperationException extends RuntimeException {
  private final String sqlState;

  public DatabaseOperationException(String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /** The SQLState of the underlying error, or null. */
  public String sqlState() {
    return sqlState;
  }
}
