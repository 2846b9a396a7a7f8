package com.upgradectl.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class KeepAliveHeartbeatTest {
  private static final CopyCheckpoint CHUNK = new CopyCheckpoint("tickets", List.of("500"), 500);

  @Test
  void repeatsTheLastCheckpointWhileNoChunkCommits() throws Exception {
    List<CopyCheckpoint> sent = new CopyOnWriteArrayList<>();
    CountDownLatch repeated = new CountDownLatch(3);
    try (KeepAliveHeartbeat heartbeat = KeepAliveHeartbeat.start(c -> {
      sent.add(c);
      if (c != null) {
        repeated.countDown();
      }
    }, Duration.ofMillis(5))) {
      heartbeat.beat(CHUNK);
      assertThat(repeated.await(1, TimeUnit.MINUTES)).isTrue();
    }
    // before the first chunk the timer keeps the activity alive without details; after it, only that checkpoint
    List<CopyCheckpoint> afterFirstChunk = sent.subList(sent.indexOf(CHUNK), sent.size());
    assertThat(afterFirstChunk).hasSizeGreaterThanOrEqualTo(3).allSatisfy(c -> assertThat(c).isEqualTo(CHUNK));
  }

  @Test
  void aStopAnsweredToARepeatedHeartbeatStopsTheNextChunk() throws Exception {
    AtomicBoolean cancelled = new AtomicBoolean(true);
    CountDownLatch answered = new CountDownLatch(1);
    List<CopyCheckpoint> delivered = new CopyOnWriteArrayList<>();
    try (KeepAliveHeartbeat heartbeat = KeepAliveHeartbeat.start(c -> {
      if (cancelled.get()) {
        answered.countDown();
        throw new IllegalStateException("activity cancelled");
      }
      delivered.add(c);
    }, Duration.ofMillis(5))) {
      assertThat(answered.await(1, TimeUnit.MINUTES)).isTrue();
      cancelled.set(false);
      // The timer answered inside the heartbeat's lock, so the answer is recorded before beat() can run.

      assertThatThrownBy(() -> heartbeat.beat(CHUNK)).hasMessage("activity cancelled");
    }
    assertThat(delivered).as("nothing is sent once told to stop").isEmpty();
  }
}
