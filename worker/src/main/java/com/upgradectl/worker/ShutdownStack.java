package com.upgradectl.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a runtime started, closed in reverse order: so a start that fails halfway, a normal stop
 * and a SIGTERM all release the same things, each exactly once.
 */
final class ShutdownStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShutdownStack.class);

  private final Deque<Step> steps = new ArrayDeque<>();

  private record Step(String what, AutoCloseable action) {}

  <T> T push(String what, T resource, AutoCloseable close) {
    steps.push(new Step(what, close));
    return resource;
  }

  @Override
  public synchronized void close() {
    while (!steps.isEmpty()) {
      Step step = steps.pop();
      try {
        step.action().close();
      } catch (Exception e) {
        // keep going: one stuck resource must not keep the others (embedded PostgreSQL above all) alive
        log.atWarn().setMessage("shutdown step failed").addKeyValue("step", step.what())
            .addKeyValue("error", e.toString()).log();
      }
    }
  }
}
