package com.upgradectl.activities.platform;

import java.time.Duration;
import java.time.Instant;

/**
 * One session connected to a database, as the server lists it: what an operator needs to know
 * before (or after) it is ended.
 *
 * @param client a client connection (not a server worker such as autovacuum)
 * @param transactionAge how long its current transaction has been open, null when none is
 * @param ours opened by this orchestrator (our application name and our user)
 */
public record SessionInfo(
    int pid,
    String user,
    boolean superuser,
    String application,
    String clientAddress,
    String state,
    Instant queryStart,
    Duration transactionAge,
    boolean client,
    boolean ours) {

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("pid ").append(pid);
    sb.append(" (user ").append(user).append(superuser ? " [superuser]" : "");
    if (application != null && !application.isEmpty()) {
      sb.append(", application ").append(application);
    }
    if (clientAddress != null) {
      sb.append(", client ").append(clientAddress);
    }
    if (state != null) {
      sb.append(", ").append(state);
    }
    if (queryStart != null) {
      sb.append(", query started ").append(queryStart);
    }
    if (transactionAge != null) {
      sb.append(", transaction open ").append(transactionAge.toSeconds()).append(" s");
    }
    return sb.append(')').toString();
  }
}
