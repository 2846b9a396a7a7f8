package com.upgradectl.workflows.preflight;

import com.upgradectl.workflows.pilot.PreflightReport;
import com.upgradectl.workflows.production.ProductionPreflight;

/**
 * The verdict of a preflight run on its own.
 *
 * @param pilot the pilot upgrade's report when it passed
 * @param production the production upgrade's report when it passed
 * @param refusal why the upgrade would be refused (every problem found); null when it passed
 * @param refusalType the failure type of the refusal (bad input or a precondition), null when it passed
 */
public record PreflightOutcome(PreflightReport pilot, ProductionPreflight production, String refusal,
    String refusalType) {
  public boolean passed() {
    return refusal == null;
  }
}
