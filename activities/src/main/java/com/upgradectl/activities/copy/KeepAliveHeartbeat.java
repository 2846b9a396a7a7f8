package com.upgradectl.activities.copy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Passes every chunk's heartbeat on, and repeats the last one on a timer while no chunk commits: a
 * checksum, an index rebuilt by a foreign key, or the resync's swap can run for minutes on large
 * tables, and the orchestrator must not take that silence for a dead worker. When the orchestrator
 * answers a heartbeat with "stop" (cancelled, timed out), the next chunk's heartbeat throws it.
 */
public final class KeepAliveHeartbeat implements Heartbeat, AutoCloseable {
  private final Heartbeat target;
  private final ScheduledExecutorService timer;
  private CopyCheckpoint last;
  private RuntimeException stop;

  private KeepAliveHeartbeat(Heartbeat target, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("keep-alive interval must be positive, was " + interval);
    }
    this.target = target;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "copy-keepalive");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::repeat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static KeepAliveHeartbeat start(Heartbeat target, Duration interval) {
    return new KeepAliveHeartbeat(target, interval);
  }

  @Override
  public synchronized void beat(CopyCheckpoint checkpoint) {
    if (stop != null) {
      throw stop;
    }
    last = checkpoint;
    target.beat(checkpoint);
  }

  private synchronized void repeat() {
    if (stop != null) {
      return;
    }
    try {
      target.beat(last);
    } catch (RuntimeException e) {
      stop = e;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
