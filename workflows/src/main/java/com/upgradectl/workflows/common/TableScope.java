package com.upgradectl.workflows.common;

/** Which of the package's tables an operation covers. */
public enum TableScope {
  /** Configuration and data-record tables (excluded tables never). */
  ALL_IMPORTED,
  /** Data-record tables only: what refresh and the final resync replace. */
  DATA_RECORDS,
  /** Configuration tables only: what drift is computed over. */
  CONFIGURATION
}
