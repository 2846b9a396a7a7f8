package com.upgradectl.cli;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.examples.SampleWorkload;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.worker.dev.DevEnvironment;
import com.upgradectl.worker.dev.DevOptions;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pilot upgrade on this machine, in this process: dev worker, sample production, the
 * sample package; create, two refreshes with production changing in between, switch; then checks
 * of its own, by JDBC, that the switch did what it promised.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run a whole upgrade of a sample service desk (v1 -> v2) on this machine, in this process:",
        "pilot: create the pilot, change production, refresh twice, switch, and verify independently;",
        "production: upgrade in place once with a failing migration (restored), then for real, and verify.",
        "Exits 0 only if everything verified."})
final class DemoCommand implements Callable<Integer> {
  private static final String PRODUCTION = DevOptions.PRODUCTION_DATABASE;
  private static final Duration POLL = Duration.ofMillis(500);

  enum Scenario { pilot, production }

  @Option(names = "--scenario", defaultValue = "pilot", paramLabel = "SCENARIO",
      description = "pilot (default): create, refresh twice, switch; production: one in-place upgrade, first with a"
          + " migration that fails (production is restored), then the real one")
  Scenario scenario;

  @Option(names = "--rows", defaultValue = "20000", paramLabel = "N",
      description = "data rows of the sample production (default: ${DEFAULT-VALUE})")
  long rows;

  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  private final boolean interactiveTerminal;
  private PrintWriter say;
  private DemoNarration narration;

  DemoCommand(boolean interactiveTerminal) {
    this.interactiveTerminal = interactiveTerminal;
  }

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || rows > 100_000_000) {
      throw CommandFailure.badInput("--rows must be between 1 and 100,000,000, was " + rows);
    }
    PrintWriter out = spec.commandLine().getOut();
    // with --output json only the report goes to stdout
    say = output.json() ? new PrintWriter(new StringWriter()) : out;
    DemoReport report = new DemoReport();
    narration = new DemoNarration(say, report);
    Path workDir = Files.createTempDirectory("upgradectl-demo-");
    say.println("upgradectl demo: a " + scenario + " upgrade of a sample service desk, version 1 -> 2, with "
        + Figures.rows(rows) + " data rows, all on this machine");
    say.println();
    say.println("Starting the dev environment");
    say.flush();
    try (DevEnvironment env = DevEnvironment.start(new DevOptions(0, rows, 0), line -> narrate("  " + line))) {
      if (scenario == Scenario.production) {
        new ProductionDemo(env, narration, report).run(workDir);
      } else {
        run(env, workDir, report);
      }
    } catch (CommandFailure e) {
      report.failure = e.getMessage();
    } finally {
      deleteTree(workDir);
    }
    if (output.json()) {
      Json.print(out, report);
    } else {
      out.println();
      out.println("Summary");
      out.print(report.summary());
      out.flush();
    }
    return report.isVerified() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void run(DevEnvironment env, Path workDir, DemoReport report) throws Exception {
    DemoDatabase db = new DemoDatabase(env);
    UpgradePackage pkg = PackageCheck.load(SamplePackage.extractTo(workDir));
    List<String> imported = names(pkg.importedTables());
    List<String> dataTables = names(pkg.tablesOf(TableClass.DATA));
    List<String> productionDataTables = SampleProduction.DATA_TABLES;
    report.productionDataRows = sum(db.rowCounts(PRODUCTION, productionDataTables));

    PilotPlan plan = PilotPlan.withDefaults(env.profile().name(), PRODUCTION, null, null, PackageCheck.reference(pkg), 2)
        .validated();
    String target = "--profile " + plan.serverProfile() + " --database " + PRODUCTION;

    say("");
    say("1. Create the pilot   (upgradectl pilot start " + target + " --package " + pkg.root() + ")");
    long t0 = System.nanoTime();
    report.workflowId = PilotStarter.start(env.client(), plan);
    PilotUpgradeWorkflow upgrade = env.client().newWorkflowStub(PilotUpgradeWorkflow.class, report.workflowId);
    PilotStatus status = followUntilRest(upgrade, PilotPhase.READY);
    report.steps.add(step("create pilot", status, db.rowCounts(plan.pilotDatabase(), imported),
        db.bytes(plan.pilotDatabase(), imported), t0, plan.pilotDatabase()));

    for (int refresh = 1; refresh <= 2; refresh++) {
      say("");
      say((refresh * 2) + ". Production keeps working");
      try (Connection production = env.connect(PRODUCTION)) {
        int added = (int) Math.max(1, rows / 10);
        change(report, SampleWorkload.addDataRecords(production, added));
        change(report, SampleWorkload.updateAndDeleteSomeRecords(production));
        if (refresh == 1) {
          change(report, SampleWorkload.changeConfiguration(production));
        }
      }
      say("");
      say((refresh * 2 + 1) + ". Refresh the pilot   (upgradectl pilot refresh " + target + ")");
      long t = System.nanoTime();
      say("   " + upgrade.refresh());
      status = followUntilRest(upgrade, PilotPhase.READY);
      report.steps.add(step("refresh #" + refresh, status, db.rowCounts(plan.pilotDatabase(), dataTables),
          db.bytes(plan.pilotDatabase(), dataTables), t, plan.pilotDatabase()));
      List<String> drift = StatusText.nullToEmpty(status.configurationDrift());
      report.driftAfterEachRefresh.add(drift);
      say("   configuration drift reported: " + (drift.isEmpty() ? "none" : String.join(", ", drift))
          + " (the pilot keeps its own configuration)");
    }

    Map<String, Long> productionAtSwitch = db.rowCounts(PRODUCTION, productionDataTables);
    say("");
    say("6. Switch to production now   (upgradectl pilot switch " + target + ")");
    long t = System.nanoTime();
    say("   " + upgrade.switchToProduction(SwitchRequest.now()));
    status = followUntilRest(upgrade, PilotPhase.SWITCHED);
    report.steps.add(step("switch", status, db.rowCounts(PRODUCTION, dataTables), db.bytes(PRODUCTION, dataTables), t,
        PRODUCTION));

    say("");
    say("7. Check independently (JDBC)");
    check(report, "new version under the production name", () -> {
      String version = db.schemaVersion(PRODUCTION);
      boolean split = db.tableExists(PRODUCTION, "ticket_details");
      return result("2".equals(version) && split,
          PRODUCTION + " has schema_version " + version + (split ? ", ticket_details exists" : ", ticket_details MISSING"));
    });
    check(report, "archive offline", () -> {
      boolean exists = db.databaseExists(plan.archiveDatabase());
      boolean offline = exists && db.refusesConnections(plan.archiveDatabase());
      return result(offline, plan.archiveDatabase() + (exists ? "" : " does NOT exist") + (offline
          ? " exists and refuses connections" : exists ? " still accepts connections" : ""));
    });
    check(report, "pilot renamed", () -> {
      boolean gone = !db.databaseExists(plan.pilotDatabase());
      return result(gone, plan.pilotDatabase() + (gone ? " now serves as " + PRODUCTION : " still exists"));
    });
    check(report, "data records as production had them", () -> {
      Map<String, Long> now = db.rowCounts(PRODUCTION, productionDataTables);
      return result(now.equals(productionAtSwitch), "rows per table before the switch " + productionAtSwitch
          + ", after " + now);
    });
    PilotStatus last = status;
    check(report, "workflow verification", () -> {
      var checks = StatusText.nullToEmpty(last.lastVerification());
      long matching = checks.stream().filter(c -> c.matches()).count();
      return result(!checks.isEmpty() && matching == checks.size(),
          Figures.count(matching) + " of " + Figures.count(checks.size()) + " tables match production (rows and checksums)");
    });
  }

  private PilotStatus followUntilRest(PilotUpgradeWorkflow upgrade, PilotPhase expected) throws InterruptedException {
    UpgradeFollower.Outcome outcome;
    try (ProgressView view = output.json() ? ProgressView.silent() : ProgressView.forOutput(interactiveTerminal, say)) {
      outcome = new UpgradeFollower(upgrade::status, POLL).follow(view);
    }
    PilotStatus status = outcome.last();
    if (status.phase() != expected || outcome.failed()) {
      throw CommandFailure.failed("expected " + expected + " but the upgrade is " + status.phase()
          + (status.failure() != null ? ": " + status.failure() : ""));
    }
    return status;
  }

  private DemoReport.Step step(String name, PilotStatus status, Map<String, Long> counts, long bytes, long startNanos,
      String database) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    DemoReport.Step step = new DemoReport.Step(name, status.phase().name(), sum(counts), bytes, millis);
    say("   -> " + status.phase() + " after " + Figures.seconds(millis) + ": " + database + " holds "
        + Figures.rows(step.rows()) + " rows in the copied tables (" + Figures.megabytes(bytes) + " on disk), "
        + Figures.perSecond(step.rows(), millis) + " rows/s");
    if (!status.lastRefresh().isEmpty() && status.freezeMillis() == null) {
      say("      by changed keys: " + status.lastRefresh().stream()
          .map(t -> t.table() + " " + (t.copiedWhole() ? "copied whole (" + Figures.inText(t.wholeBecause()) + ")"
              : Figures.count(t.changedKeys())))
          .collect(java.util.stream.Collectors.joining(", ")));
    }
    if (status.freezeMillis() != null) {
      say("      production was frozen for " + Figures.seconds(status.freezeMillis())
          + (status.forecast() == null ? "" : " (forecast: about " + Figures.seconds(status.forecast().expectedFreezeMillis())
              + ")"));
    }
    return step;
  }

  private void change(DemoReport report, String what) {
    report.productionChanges.add(what);
    say("   production: " + what);
  }

  private void say(String line) {
    narration.say(line);
  }

  private void check(DemoReport report, String name, DemoNarration.Probe probe) {
    narration.check(name, probe);
  }

  private static DemoReport.Check result(boolean passed, String detail) {
    return DemoNarration.result(passed, detail);
  }

  private void narrate(String line) {
    say(line);
  }

  private static List<String> names(List<TableSpec> tables) {
    return tables.stream().map(TableSpec::name).toList();
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
