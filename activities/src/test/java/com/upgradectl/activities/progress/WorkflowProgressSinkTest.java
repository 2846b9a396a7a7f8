package com.upgradectl.activities.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowProgressSinkTest {
  private static final String QUEUE = "progress-test";

  /** Stands for the upgrade workflow: collects the progress signals it receives until told to stop. */
  @WorkflowInterface
  public interface ProgressListener {
    @WorkflowMethod
    ProgressReport[] listen();

    @SignalMethod
    void reportProgress(ProgressReport report);

    @SignalMethod
    void stop();
  }

  public static class ProgressListenerImpl implements ProgressListener {
    private final List<ProgressReport> received = new ArrayList<>();
    private boolean stopped;

    @Override
    public ProgressReport[] listen() {
      Workflow.await(() -> stopped);
      return received.toArray(new ProgressReport[0]);
    }

    @Override
    public void reportProgress(ProgressReport report) {
      received.add(report);
    }

    @Override
    public void stop() {
      stopped = true;
    }
  }

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private TestWorkflowEnvironment environment;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    environment = TestWorkflowEnvironment.newInstance();
    Worker worker = environment.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ProgressListenerImpl.class);
    environment.start();
    client = environment.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    environment.close();
  }

  @Test
  void signalsOnlyTheChangedTablesAtMostOncePerIntervalButAtOnceWhenTheStepChanges() {
    ProgressListener workflow = client.newWorkflowStub(ProgressListener.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("pilot-upgrade/test/shop").build());
    WorkflowClient.start(workflow::listen);
    ManualClock clock = new ManualClock();
    WorkflowProgressSink sink = new WorkflowProgressSink(client, "pilot-upgrade/test/shop", clock);

    sink.report(report("import: copying", 10, false));   // first: sent, both tables
    sink.report(report("import: copying", 20, false));   // same instant: held back
    clock.advance(Duration.ofMillis(1999));
    sink.report(report("import: copying", 30, true));    // the table finished, but not 2 s yet: held back
    clock.advance(Duration.ofMillis(1));
    sink.report(report("import: copying", 40, true));    // 2 s: sent, only tickets (comments is unchanged)
    clock.advance(Duration.ofMillis(10));
    sink.report(report("import: verifying", 40, true));  // new step: sent at once, no table changed
    clock.advance(Duration.ofSeconds(2));
    sink.report(report("import: verifying", 40, true));  // nothing changed: nothing sent

    workflow.stop();
    List<ProgressReport> received = List.of(WorkflowStub.fromTyped(workflow).getResult(ProgressReport[].class));
    assertThat(received).extracting(r -> r.step() + " " + r.tables().stream()
        .map(t -> t.table() + "=" + t.rowsDone()).toList()).containsExactly(
        "import: copying [tickets=10, comments=0]", "import: copying [tickets=40]", "import: verifying []");
  }

  @Test
  void aSignalThatCannotBeDeliveredNeverFailsTheCopy() {
    ManualClock clock = new ManualClock();
    WorkflowProgressSink sink = new WorkflowProgressSink(client, "no-such-workflow", clock);

    sink.report(report("import: copying", 1, false));
    clock.advance(Duration.ofSeconds(5));
    sink.report(report("import: copying", 2, true));
  }

  private static ProgressReport report(String step, long rows, boolean done) {
    return new ProgressReport(step, List.of(new TableProgress("tickets", rows, 100, rows * 10, done),
        new TableProgress("comments", 0, 50, 0, false)));
  }
}
