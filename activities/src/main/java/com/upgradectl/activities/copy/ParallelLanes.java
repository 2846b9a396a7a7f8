package com.upgradectl.activities.copy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Works through a list of items with a fixed number of lanes, each lane owning its resources (its
 * connections) for its whole life. The first failure stops every lane after its current item and is
 * rethrown to the caller.
 */
public final class ParallelLanes {
  private ParallelLanes() {}

  /** Opens the resources of one lane. */
  @FunctionalInterface
  public interface Opener<L extends AutoCloseable> {
    L open() throws SQLException;
  }

  /** Does one item with one lane's resources. */
  @FunctionalInterface
  public interface Work<L, T, R> {
    R apply(L lane, T item) throws SQLException;
  }

  /** @return the results in the order of {@code items} */
  public static <L extends AutoCloseable, T, R> List<R> run(String name, int lanes, List<T> items, Opener<L> opener,
      Work<L, T, R> work) throws SQLException {
    if (items.isEmpty()) {
      return List.of();
    }
    int count = Math.max(1, Math.min(lanes, items.size()));
    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < items.size(); i++) {
      queue.add(i);
    }
    Map<Integer, R> results = new ConcurrentHashMap<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger laneNumber = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(count, r -> {
      Thread thread = new Thread(r, name + "-lane-" + laneNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(executor.submit(() -> runLane(opener, work, items, queue, results, failure)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, e);
    } catch (ExecutionException e) {
      failure.compareAndSet(null, e.getCause());
    } finally {
      executor.shutdownNow();
    }
    rethrow(failure.get());
    List<R> ordered = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ordered.add(results.get(i));
    }
    return ordered;
  }

  private static <L extends AutoCloseable, T, R> void runLane(Opener<L> opener, Work<L, T, R> work, List<T> items,
      ConcurrentLinkedQueue<Integer> queue, Map<Integer, R> results, AtomicReference<Throwable> failure) {
    if (failure.get() != null) {
      return;
    }
    try (L lane = opener.open()) {
      Integer next;
      while (failure.get() == null && (next = queue.poll()) != null) {
        R result = work.apply(lane, items.get(next));
        if (result != null) {
          results.put(next, result);
        }
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }

  private static void rethrow(Throwable t) throws SQLException {
    if (t == null) {
      return;
    }
    if (t instanceof SQLException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof InterruptedException) {
      throw new IllegalStateException("interrupted while copying", t);
    }
    throw new IllegalStateException(t);
  }
}
