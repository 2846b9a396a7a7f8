package com.upgradectl.pkg;

/** Every table of the target schema is exactly one of these; an unclassified table is an error. */
public enum TableClass {
  /** Settings the operators adjust in the pilot: imported once at create, kept by refresh. */
  CONFIGURATION,
  /** Data records (tickets, computers...): imported at create, replaced by every refresh and at the switch. */
  DATA,
  /** Not imported (e.g. filled by the schema scripts themselves). */
  EXCLUDED
}
