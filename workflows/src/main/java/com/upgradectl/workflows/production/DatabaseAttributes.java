package com.upgradectl.workflows.production;

import java.util.List;

/**
 * What a database carries that a copy made from it as a template does not (PostgreSQL's CREATE
 * DATABASE ... TEMPLATE copies the contents only): captured from production in preflight, re-applied
 * to the safety copy when it becomes production again. The connection limit is not in here: it is
 * in the {@link com.upgradectl.workflows.pilot.ProductionSettings} that unblocking restores.
 *
 * @param owner the owning role
 * @param comment the database's comment, null for none
 * @param defaultPrivileges true when the database has never had a GRANT or REVOKE (PostgreSQL: datacl
 *     is NULL); {@code grants} is then empty
 * @param grants the privileges granted on the database itself, owner's included
 * @param settings per-database settings (ALTER DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET)
 */
public record DatabaseAttributes(
    String database,
    String owner,
    String comment,
    boolean defaultPrivileges,
    List<Grant> grants,
    List<Setting> settings) {

  public DatabaseAttributes {
    grants = grants == null ? List.of() : List.copyOf(grants);
    settings = settings == null ? List.of() : List.copyOf(settings);
  }

  /**
   * @param grantee the role, or null for PUBLIC
   * @param privilege e.g. CONNECT, CREATE, TEMPORARY
   */
  public record Grant(String grantee, String privilege, boolean grantable) {}

  /** @param role the role it applies to in this database, or null for every role */
  public record Setting(String role, String name, String value) {}
}
