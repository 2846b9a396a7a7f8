package com.upgradectl.workflows.preflight;

import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.StepOptions;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.production.ProductionActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.common.VersioningBehavior;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowVersioningBehavior;
import java.util.Set;

public class PreflightWorkflowImpl implements PreflightWorkflow {
  /** What preflight refuses with; any other failure is the worker's problem, not the upgrade's verdict. */
  private static final Set<String> REFUSALS = Set.of(FailureTypes.BAD_INPUT, FailureTypes.PRECONDITION);

  @Override
  @WorkflowVersioningBehavior(VersioningBehavior.PINNED)
  public PreflightOutcome run(PreflightRequest request) {
    if ((request.pilot() == null) == (request.production() == null)) {
      throw ApplicationFailure.newNonRetryableFailure("a preflight needs exactly one plan, pilot or production",
          FailureTypes.BAD_INPUT);
    }
    ActivityOptions options = ActivityOptions.newBuilder(StepOptions.CHECK)
        .setSummary("preflight: check the databases, the names and the package (changes nothing)")
        .build();
    try {
      if (request.pilot() != null) {
        PilotDatabaseActivities pilot = Workflow.newActivityStub(PilotDatabaseActivities.class, options);
        return new PreflightOutcome(pilot.preflight(request.pilot().validated()), null, null, null);
      }
      ProductionActivities production = Workflow.newActivityStub(ProductionActivities.class, options);
      return new PreflightOutcome(null, production.preflight(request.production().validated()), null, null);
    } catch (IllegalArgumentException e) {
      return new PreflightOutcome(null, null, "bad plan: " + e.getMessage(), FailureTypes.BAD_INPUT);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure app && REFUSALS.contains(app.getType())) {
        return new PreflightOutcome(null, null, app.getOriginalMessage(), app.getType());
      }
      throw e;
    }
  }
}
