package com.upgradectl.cli;

import com.upgradectl.worker.WorkerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** `upgradectl worker` in a separate JVM on the test classpath, its stdout and stderr in one file. */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private WorkerProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts the worker and returns once it printed "worker ready". */
  static WorkerProcess startAndAwaitReady(Path output, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = Stream.concat(
        Stream.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()),
        Stream.of(args)).toList();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    WorkerProcess worker = new WorkerProcess(builder.start(), output);
    worker.awaitReady();
    return worker;
  }

  private void awaitReady() throws IOException, InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
    while (!output().contains("worker ready")) {
      if (!process.isAlive() || Instant.now().isAfter(giveUp)) {
        process.destroyForcibly();
        throw new AssertionError("worker did not become ready:\n" + output());
      }
      Thread.sleep(200);
    }
  }

  /** Everything the worker printed so far. */
  String output() throws IOException {
    return Files.readString(output);
  }

  /** SIGKILL: the worker gets no chance to finish or clean up anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
