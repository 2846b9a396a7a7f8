package com.upgradectl.activities.pilot;

import com.upgradectl.activities.platform.SessionInfo;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Sessions the switch's freeze cannot keep out: a superuser (sysadmin on SQL Server) ignores the
 * connection limit and reconnects at once, so its writes would reach production after the last
 * resync. Found before the freeze, they refuse the switch with the reason instead of ending in a
 * rollback at "prove no write since the freeze" on every try.
 */
final class FreezeExemptSessions {
  private FreezeExemptSessions() {}

  /** The problem in the operator's words, naming the roles; empty when every session can be frozen out. */
  static Optional<String> problem(String production, List<SessionInfo> sessions) {
    TreeSet<String> roles = new TreeSet<>();
    for (SessionInfo session : sessions) {
      if (session.client() && !session.ours() && session.superuser()) {
        roles.add(session.user());
      }
    }
    if (roles.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("sessions of superuser " + String.join(", ", roles) + " are connected to production "
        + production + ": the freeze cannot stop them (a superuser is exempt from the connection limit and"
        + " reconnects), so their writes could miss the pilot. Connect the application as a role without"
        + " superuser rights, or stop it for the switch");
  }
}
