package com.upgradectl.activities.copy;

/**
 * Tells the orchestrator the copy is alive after each chunk. Throws (the orchestrator's own
 * exception) when the copy must stop: cancelled, or timed out and already retried elsewhere.
 */
@FunctionalInterface
public interface Heartbeat {
  Heartbeat NONE = checkpoint -> {};

  void beat(CopyCheckpoint checkpoint);
}
