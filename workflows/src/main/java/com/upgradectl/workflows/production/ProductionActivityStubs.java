package com.upgradectl.workflows.production;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * Activity stubs whose every call carries a summary saying what it does, shown in the Temporal UI.
 * A stub is made per call because the summary is part of the options.
 */
final class ProductionActivityStubs {
  private ProductionActivityStubs() {}

  static ProductionActivities production(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(ProductionActivities.class,
        ActivityOptions.newBuilder(options).setSummary(summary).build());
  }
}
