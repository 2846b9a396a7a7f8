package com.upgradectl.worker;

import com.upgradectl.worker.config.InvalidConfigurationException;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.worker.config.WorkerConfigReader;
import com.upgradectl.worker.dev.DevEnvironment;
import com.upgradectl.worker.dev.DevOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker --config worker.yaml} serves a real Temporal cluster; {@code worker --dev} starts
 * everything on this machine. Runs until SIGTERM (or Ctrl-C), then stops cleanly.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Hosts the upgrade workflows and activities.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped on request",
        "1:failed to start (Temporal unreachable, port taken...)",
        "2:invalid configuration or usage"})
public final class WorkerMain implements Callable<Integer> {
  static final int FAILED_TO_START = 1;
  static final int INVALID_CONFIGURATION = 2;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(names = "--config", paramLabel = "FILE", description = "worker configuration (see worker.example.yaml)")
    Path config;

    @ArgGroup(exclusive = false)
    Dev dev;
  }

  static final class Dev {
    @Option(names = "--dev", required = true,
        description = "start Temporal's test server, an embedded PostgreSQL 17 (profile \"embedded\") and the worker")
    boolean enabled;

    @Option(names = "--temporal-port", defaultValue = "7233", description = "test server port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int temporalPort;

    @Option(names = "--sample-rows", defaultValue = "10000",
        description = "data rows of the sample production database \"servicedesk\" (default: ${DEFAULT-VALUE}; 0 = none)")
    long sampleRows;

    @Option(names = "--metrics-port", defaultValue = "0", description = "Prometheus endpoint port (default: any free port)")
    int metricsPort;
  }

  @Spec CommandLine.Model.CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  public static void main(String[] args) {
    // before the first logger exists: the worker's logging, not the quiet one the CLI bundles
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-worker.xml");
    }
    System.exit(new CommandLine(new WorkerMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AutoCloseable running;
    try {
      if (mode.config != null) {
        WorkerConfig config = new WorkerConfigReader(System::getenv).read(mode.config);
        running = WorkerRuntime.start(config, WorkerRuntime.Mode.SERVER, line -> println(out, line));
      } else {
        DevOptions options = new DevOptions(mode.dev.temporalPort, mode.dev.sampleRows, mode.dev.metricsPort);
        running = DevEnvironment.start(options, line -> println(out, line));
      }
    } catch (InvalidConfigurationException e) {
      err.println(e.getMessage());
      return INVALID_CONFIGURATION;
    } catch (IllegalArgumentException e) {
      err.println("invalid option: " + e.getMessage());
      return INVALID_CONFIGURATION;
    } catch (RuntimeException e) {
      err.println("worker failed to start: " + e.getMessage());
      e.printStackTrace(err);
      return FAILED_TO_START;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        stopped.countDown();
      }
    }, "worker-shutdown"));
    stopped.await();
    return 0;
  }

  private static void println(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
