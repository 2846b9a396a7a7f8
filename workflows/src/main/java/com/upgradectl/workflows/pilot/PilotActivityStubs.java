package com.upgradectl.workflows.pilot;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Activity stubs whose every call carries a summary saying what it does, shown in the Temporal UI
 * ("import 9 tables from servicedesk into servicedesk_v2_pilot"). A stub is made per call because
 * the summary is part of the options.
 */
final class PilotActivityStubs {
  private PilotActivityStubs() {}

  static PilotDatabaseActivities database(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(PilotDatabaseActivities.class, withSummary(options, summary));
  }

  static DataCopyActivities copy(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(DataCopyActivities.class, withSummary(options, summary));
  }

  static SwitchActivities switching(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(SwitchActivities.class, withSummary(options, summary));
  }

  static SwitchBackActivities switchBack(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(SwitchBackActivities.class, withSummary(options, summary));
  }

  /** "6 data-record tables", for summaries; just "data-record tables" when the list is not known. */
  static String tables(List<String> names, String kind) {
    if (names == null) {
      return kind + "s";
    }
    return names.size() + " " + kind + (names.size() == 1 ? "" : "s");
  }

  private static ActivityOptions withSummary(ActivityOptions options, String summary) {
    return ActivityOptions.newBuilder(options).setSummary(summary).build();
  }
}
