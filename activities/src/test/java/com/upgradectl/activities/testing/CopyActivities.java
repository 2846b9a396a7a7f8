package com.upgradectl.activities.testing;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.progress.CopyHeartbeat;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DataCopyActivitiesImpl running in Temporal's activity test environment (real heartbeats, real
 * activity context), one attempt per call so that failures surface as they are.
 */
public final class CopyActivities implements AutoCloseable {
  public final DataCopyActivities stub;
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final List<CopyHeartbeat> heartbeats = new CopyOnWriteArrayList<>();
  private final TestActivityEnvironment environment;

  private CopyActivities(CopyFixture fixture, UpgradePackage pkg, ProgressSinkFactory progress, CopySettings settings) {
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(
        new DataCopyActivitiesImpl(fixture.connections, ref -> pkg, progress, meters, settings));
    environment.setActivityHeartbeatListener(CopyHeartbeat.class, heartbeats::add);
    stub = environment.newActivityStub(DataCopyActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  public static CopyActivities start(CopyFixture fixture) {
    return start(fixture, CopyFixture.samplePackage(), ProgressSinkFactory.NONE, CopySettings.defaults());
  }

  public static CopyActivities start(CopyFixture fixture, UpgradePackage pkg, ProgressSinkFactory progress,
      CopySettings settings) {
    return new CopyActivities(fixture, pkg, progress, settings);
  }

  /** The ApplicationFailure an activity call ended with. */
  public static ApplicationFailure failureOf(Runnable call) {
    try {
      call.run();
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure failure) {
        return failure;
      }
      throw new AssertionError("activity failed without an ApplicationFailure", e);
    }
    throw new AssertionError("the activity did not fail");
  }

  public List<CopyHeartbeat> heartbeats() {
    return Collections.unmodifiableList(heartbeats);
  }

  @Override
  public void close() {
    environment.close();
  }
}
