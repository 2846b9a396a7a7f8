package com.upgradectl.bench;

import com.upgradectl.bench.RacePeers.CreatePilotLap;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Create-pilot raced against its peers in one run, on one server: pgcopydb's clone of the whole
 * database and a bare binary COPY pipe of its largest table, over several rounds in alternating
 * order, for a pgbench production and the sample's. The figures that count are the ratios.
 */
@Command(name = "race", mixinStandardHelpOptions = true,
    description = "create-pilot against pgcopydb clone and a binary COPY pipe, in one run")
final class RaceBenchmark implements Callable<Integer> {
  @Option(names = "--scale", defaultValue = "30", description = "pgbench scale of the pgbench production (default ${DEFAULT-VALUE})")
  int scale;

  @Option(names = "--sample-rows", defaultValue = "1000000", description = "data rows of the sample production; 0 leaves it out (default ${DEFAULT-VALUE})")
  long sampleRows;

  @Option(names = "--rounds", defaultValue = "3", description = "rounds of every contestant (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--jobs", defaultValue = "2", description = "our parallelism and pgcopydb's table and index jobs (default ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = "--chunk-rows", defaultValue = "50000", description = "rows per committed chunk of our import (default ${DEFAULT-VALUE})")
  int chunkRows;

  @Option(names = "--pg-bin", description = "the PostgreSQL server's bin directory (default: the newest under /usr/lib/postgresql)")
  Path pgBin;

  /** One contestant's time; for ours also the time of the copy alone, without schema, verification and constraints. */
  private record Lap(String contestant, double seconds, String detail, double copySeconds) {}

  @Override
  public Integer call() throws Exception {
    Path binaries = pgBin != null ? pgBin : SystemPostgres.findBinaries();
    if (binaries == null && Tools.findOrInstall("pg_ctlcluster", "postgresql-contrib") != null) {
      binaries = SystemPostgres.findBinaries();
    }
    if (binaries == null) {
      System.out.println("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql-contrib), or give --pg-bin");
      return 2;
    }
    Path pgcopydb = Tools.findOrInstall("pgcopydb", "pgcopydb");
    Path work = Files.createTempDirectory("upgradectl-race");
    System.out.printf("machine: %d cores, load average %.2f at start, Java %s, max heap %d MB; server %s (fsync off, %s shared buffers)%n",
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024), binaries,
        BenchProduction.SHARED_BUFFERS);
    try (SystemPostgres server = SystemPostgres.start(binaries)) {
      List<RaceProduction> productions = new ArrayList<>();
      productions.add(RaceProduction.pgbench(server, work, scale));
      if (sampleRows > 0) {
        productions.add(RaceProduction.sample(server, work, sampleRows));
      }
      RacePeers peers = new RacePeers(server, pgcopydb, jobs, chunkRows);
      Map<RaceProduction, List<List<Lap>>> laps = new LinkedHashMap<>();
      boolean allVerified = true;
      for (int round = 1; round <= rounds; round++) {
        for (RaceProduction production : productions) {
          System.out.printf("%nround %d, %s: %,d rows, %.1f MB of tables; largest %s %,d rows, %.1f MB%n", round,
              production.label(), production.rows(), Figures.megabytes(production.tableBytes()),
              production.largestTable(), production.largestTableRows(), Figures.megabytes(production.largestTableBytes()));
          List<Lap> lap = runRound(peers, production, round % 2 == 1);
          allVerified &= lap.stream().noneMatch(l -> l.detail().contains("NOT VERIFIED"));
          laps.computeIfAbsent(production, p -> new ArrayList<>()).add(lap);
        }
      }
      laps.forEach(this::summarize);
      return allVerified ? 0 : 1;
    } finally {
      Tools.run(List.of("rm", "-rf", work.toString()), null);
    }
  }

  /** Each contestant once; odd rounds start with ours, even rounds end with it. */
  private List<Lap> runRound(RacePeers peers, RaceProduction production, boolean oursFirst) throws Exception {
    List<String> order = new ArrayList<>(List.of("create-pilot", "pgcopydb clone", "binary COPY pipe"));
    if (!oursFirst) {
      java.util.Collections.reverse(order);
    }
    List<Lap> laps = new ArrayList<>();
    for (String contestant : order) {
      Lap lap = switch (contestant) {
        case "create-pilot" -> ours(peers, production);
        case "pgcopydb clone" -> peers.hasPgcopydb() ? new Lap(contestant, peers.pgcopydbClone(production),
            jobs + " table jobs, " + jobs + " index jobs", 0) : null;
        default -> new Lap(contestant, peers.binaryPipe(production), production.largestTable() + " only", 0);
      };
      if (lap != null) {
        System.out.printf("  %-18s %8.2f s  %s%n", lap.contestant(), lap.seconds(), lap.detail());
        laps.add(lap);
      }
    }
    return laps;
  }

  private Lap ours(RacePeers peers, RaceProduction production) throws Exception {
    CreatePilotLap lap = peers.createPilot(production);
    String detail = String.format("schema %.2f, copy %.2f, verify %.2f, constraints (with verify when beside it) and the rest %.2f; %,d rows written;"
        + " copy %.1f MB/s; peak heap %d MB%s", lap.schemaSeconds(), lap.copySeconds(), lap.verifySeconds(),
        lap.restSeconds(), lap.rowsWritten(), Figures.megabytes(production.tableBytes()) / lap.copySeconds(),
        lap.peakHeapBytes() / (1024 * 1024), lap.verified() ? "" : "; NOT VERIFIED");
    return new Lap("create-pilot", lap.totalSeconds(), detail, lap.copySeconds());
  }

  private void summarize(RaceProduction production, List<List<Lap>> rounds) {
    System.out.printf("%nsummary, %s (%.1f MB of tables, %,d rows), median of %d round(s):%n", production.label(),
        Figures.megabytes(production.tableBytes()), production.rows(), rounds.size());
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    List<Double> copySeconds = new ArrayList<>();
    for (List<Lap> round : rounds) {
      for (Lap lap : round) {
        seconds.computeIfAbsent(lap.contestant(), c -> new ArrayList<>()).add(lap.seconds());
        if (lap.contestant().equals("create-pilot")) {
          copySeconds.add(lap.copySeconds());
        }
      }
    }
    seconds.forEach((contestant, all) -> {
      double median = median(all);
      double mb = Figures.megabytes(contestant.equals("binary COPY pipe") ? production.largestTableBytes() : production.tableBytes());
      System.out.printf("  %-18s %8.2f s  %7.1f MB/s  (rounds: %s s)%n", contestant, median, mb / median,
          all.stream().map(v -> String.format("%.2f", v)).collect(java.util.stream.Collectors.joining(", ")));
    });
    Double ours = seconds.containsKey("create-pilot") ? median(seconds.get("create-pilot")) : null;
    if (ours != null && seconds.containsKey("pgcopydb clone")) {
      System.out.printf("  create-pilot / pgcopydb clone, time: %.2f (target <= 1.0)%n", ours / median(seconds.get("pgcopydb clone")));
    }
    if (ours != null && seconds.containsKey("binary COPY pipe")) {
      double importRate = Figures.megabytes(production.tableBytes()) / median(copySeconds);
      double pipeRate = Figures.megabytes(production.largestTableBytes()) / median(seconds.get("binary COPY pipe"));
      System.out.printf("  import alone %.1f MB/s (copy %.2f s), binary COPY pipe %.1f MB/s: %.2f of the pipe (target >= 0.9)%n",
          importRate, median(copySeconds), pipeRate, importRate / pipeRate);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
