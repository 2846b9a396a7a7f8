package com.upgradectl.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Wall-clock times of named steps, printed as each one finishes. */
final class Figures {
  private record Step(long startNanos, long endNanos) {
    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }
  }

  private final Map<String, Step> steps = new LinkedHashMap<>();

  /** Runs {@code step}, prints and keeps how long it took (also when it fails), and gives its result. */
  <T> T time(String name, Callable<T> step) throws Exception {
    if (steps.containsKey(name)) {
      throw new IllegalArgumentException("step " + name + " is timed already");
    }
    long start = System.nanoTime();
    try {
      return step.call();
    } finally {
      Step took = new Step(start, System.nanoTime());
      steps.put(name, took);
      System.out.printf("  %-34s %8.2f s%n", name, took.seconds());
    }
  }

  void run(String name, Runnable step) throws Exception {
    time(name, () -> {
      step.run();
      return null;
    });
  }

  boolean has(String name) {
    return steps.containsKey(name);
  }

  double of(String name) {
    return step(name).seconds();
  }

  /** Wall-clock time from the start of step {@code first} to the end of step {@code last}. */
  double span(String first, String last) {
    return (step(last).endNanos() - step(first).startNanos()) / 1e9;
  }

  private Step step(String name) {
    Step step = steps.get(name);
    if (step == null) {
      throw new IllegalArgumentException("no step named " + name + " was timed");
    }
    return step;
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double megabytes(long bytes) {
    return bytes / 1_000_000.0;
  }
}
