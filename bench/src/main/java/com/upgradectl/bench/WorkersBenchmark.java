package com.upgradectl.bench;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.worker.WorkerMain;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotRun;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeStart;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The pilot created through the real workflow by one worker process, then by two on the same task
 * queue, alternately over several rounds, on one production: does a second worker take a share of
 * the import, and what does it gain? Each round starts its workers afresh (both counts pay the same
 * JVM warm-up) and abandons the pilot at the end (the workflow drops it and production's capture).
 */
@Command(name = "workers", mixinStandardHelpOptions = true,
    description = "create-pilot by 1 worker process against 2 on one task queue, in one run")
final class WorkersBenchmark implements Callable<Integer> {
  private static final Pattern IMPORTED = Pattern.compile("imported \\d+ tables, (\\d+) rows, (\\d+) bytes in (\\d+) ms");
  private static final Pattern COPIED_PIECE = Pattern.compile("copied piece \\d+ ");
  private static final String PASSWORD_VARIABLE = "UPGRADECTL_BENCH_PG_PASSWORD";

  @Option(names = "--rows", defaultValue = "2000000", description = "data rows of the sample production (default ${DEFAULT-VALUE})")
  long rows;

  @Option(names = "--rounds", defaultValue = "2", description = "rounds of each worker count (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--parallelism", defaultValue = "4", description = "the plan's parallelism: pieces in flight (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--chunk-rows", defaultValue = "50000", description = "rows per committed chunk (default ${DEFAULT-VALUE})")
  int chunkRows;

  @Option(names = "--worker-heap", defaultValue = "256m", description = "-Xmx of each worker process (default ${DEFAULT-VALUE})")
  String workerHeap;

  private record Lap(int workers, double readySeconds, double importSeconds, long rows, long bytes, List<Long> pieces) {}

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("upgradectl-workers");
    System.out.printf("machine: %d cores, load average %.2f at start, Java %s; worker heap %s%n",
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"), workerHeap);
    int port = FreePorts.pick();
    try (BenchProduction production = BenchProduction.start(rows, 4);
        TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port, false)) {
      PackageRef ref = BenchProduction.reference(SamplePackage.extractTo(work));
      PilotPlan plan = PilotPlan.withDefaults(BenchProduction.PROFILE, BenchProduction.DATABASE, null, null, ref,
          parallelism).validated();
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + port).build());
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      List<Lap> laps = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        // alternate which count goes first, so neither always runs on a colder or warmer server
        int[] order = round % 2 == 1 ? new int[] {1, 2} : new int[] {2, 1};
        for (int workers : order) {
          Lap lap = lap(client, plan, production, port, workers, work.resolve("round-" + round + "-" + workers));
          laps.add(lap);
          System.out.printf("round %d, %d worker(s): READY after %.2f s, import %.2f s (%,d rows, %.1f MB, %.1f MB/s);"
              + " pieces copied per worker %s%n", round, workers, lap.readySeconds(), lap.importSeconds(), lap.rows(),
              Figures.megabytes(lap.bytes()), Figures.megabytes(lap.bytes()) / lap.importSeconds(), lap.pieces());
        }
      }
      stubs.shutdownNow();
      double one = median(laps, 1);
      double two = median(laps, 2);
      System.out.printf("median import: 1 worker %.2f s, 2 workers %.2f s; 2 workers take %.2fx the time of 1%n",
          one, two, two / one);
      return 0;
    }
  }

  private Lap lap(WorkflowClient client, PilotPlan plan, BenchProduction production, int temporalPort, int workers,
      Path dir) throws Exception {
    Files.createDirectories(dir);
    // The test server hands each task to the poller that asked last; bounding each worker below the
    // import's pieces in flight (plus the read point's holder) is what lets the second worker get any.
    int perWorker = workers == 1 ? 200 : (parallelism + 1 + workers - 1) / workers;
    Path config = writeConfig(dir, temporalPort, production.port(), perWorker);
    List<WorkerHandle> started = new ArrayList<>();
    try {
      for (int i = 1; i <= workers; i++) {
        started.add(WorkerHandle.start(dir.resolve("worker-" + i + ".out"), config, workerHeap));
      }
      PilotUpgradeWorkflow workflow = client.newWorkflowStub(PilotUpgradeWorkflow.class,
          PilotUpgradeStart.workflowOptions(plan));
      long start = System.nanoTime();
      WorkflowClient.start(workflow::run, PilotRun.start(plan));
      PilotStatus ready = await(workflow, s -> s.phase() == PilotPhase.READY, "READY");
      double readySeconds = Figures.seconds(start);
      Matcher imported = ready.history().stream().map(IMPORTED::matcher).filter(Matcher::find).findFirst()
          .orElseThrow(() -> new IllegalStateException("no import line in the pilot's history: " + ready.history()));
      List<Long> pieces = new ArrayList<>();
      for (WorkerHandle worker : started) {
        pieces.add(COPIED_PIECE.matcher(worker.output()).results().count());
      }
      workflow.abandon();
      await(workflow, s -> s.phase() == PilotPhase.ABANDONED, "ABANDONED");
      return new Lap(workers, readySeconds, Long.parseLong(imported.group(3)) / 1000.0,
          Long.parseLong(imported.group(1)), Long.parseLong(imported.group(2)), pieces);
    } finally {
      for (WorkerHandle worker : started) {
        worker.close();
      }
    }
  }

  private static PilotStatus await(PilotUpgradeWorkflow workflow, Predicate<PilotStatus> condition, String what)
      throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (System.nanoTime() < giveUp) {
      PilotStatus status = workflow.status();
      if (condition.test(status)) {
        return status;
      }
      if (status.phase() == PilotPhase.FAILED) {
        throw new IllegalStateException("the pilot failed on its way to " + what + ": " + status.failure());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the pilot did not reach " + what + " within 30 minutes");
  }

  private Path writeConfig(Path dir, int temporalPort, int postgresPort, int maxActivities) throws IOException {
    Path file = dir.resolve("worker.yaml");
    Files.writeString(file, """
        temporal: { target: "localhost:%d", maxConcurrentActivities: %d }
        metrics: { port: 0 }
        shutdownTimeoutSeconds: 5
        copy: { chunkRows: %d }
        profiles:
          %s:
            platform: postgresql
            serverUrl: "jdbc:postgresql://localhost:%d/postgres"
            user: postgres
            passwordEnv: %s
        """.formatted(temporalPort, maxActivities, chunkRows, BenchProduction.PROFILE, postgresPort,
        PASSWORD_VARIABLE));
    return file;
  }

  private static double median(List<Lap> laps, int workers) {
    double[] times = laps.stream().filter(l -> l.workers() == workers).mapToDouble(Lap::importSeconds).sorted().toArray();
    int n = times.length;
    return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  }

  /** `upgradectl worker` in a JVM of its own, on this bench's class path. */
  private record WorkerHandle(Process process, Path outputFile) implements AutoCloseable {
    static WorkerHandle start(Path output, Path config, String heap) throws IOException, InterruptedException {
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
          "--config", config.toString()).redirectErrorStream(true).redirectOutput(output.toFile());
      // the embedded server trusts local connections: the variable only has to be set
      builder.environment().put(PASSWORD_VARIABLE, "unused");
      WorkerHandle worker = new WorkerHandle(builder.start(), output);
      long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!worker.output().contains("worker ready")) {
        if (!worker.process().isAlive() || System.nanoTime() > giveUp) {
          worker.close();
          throw new IllegalStateException("the worker did not start:\n" + worker.output());
        }
        Thread.sleep(100);
      }
      return worker;
    }

    String output() throws IOException {
      return Files.readString(outputFile);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
