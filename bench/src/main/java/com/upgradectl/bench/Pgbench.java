package com.upgradectl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code pgbench} against production with a script of the application's kind of write: per
 * transaction one ticket, one comment and one computer updated by key and one comment added, all on
 * the data-record tables, the ones that carry the change-capture triggers.
 */
final class Pgbench {
  private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+)", Pattern.MULTILINE);
  private static final String SCRIPT = """
      \\set t random(1, :tickets)
      \\set c random(1, :comments)
      \\set p random(1, :computers)
      BEGIN;
      UPDATE tickets SET time_spent_minutes = coalesce(time_spent_minutes, 0) + 1 WHERE id = :t;
      UPDATE comments SET internal = NOT internal WHERE id = :c;
      UPDATE computers SET retired = NOT retired WHERE id = :p;
      INSERT INTO comments (ticket_id, author, body, created_at) VALUES (:t, 'pgbench', 'written by pgbench', now());
      END;
      """;

  private final Path executable;
  private final BenchProduction production;
  private final Path script;
  private final int clients;

  Pgbench(Path executable, BenchProduction production, Path workDir, int clients) throws IOException {
    this.executable = executable;
    this.production = production;
    this.clients = clients;
    this.script = Files.writeString(workDir.resolve("data-record-writes.sql"), SCRIPT);
  }

  /** Transactions per second over {@code seconds}, connection time excluded. */
  double tps(int seconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "--no-vacuum",
        "--host", "localhost", "--port", String.valueOf(production.port()), "--username", production.user(),
        "--client", String.valueOf(clients), "--jobs", String.valueOf(clients), "--time", String.valueOf(seconds),
        "--protocol", "prepared", "--file", script.toString(),
        // only rows that exist in every table: the generated ones, none of which pgbench deletes
        "--define", "tickets=" + production.rowsOf("tickets"), "--define", "comments=" + production.rowsOf("comments"),
        "--define", "computers=" + production.rowsOf("computers"), BenchProduction.DATABASE));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    Matcher tps = TPS.matcher(output);
    if (exit != 0 || !tps.find()) {
      throw new IllegalStateException("pgbench exited with " + exit + " and no tps figure: " + output);
    }
    return Double.parseDouble(tps.group(1));
  }
}
