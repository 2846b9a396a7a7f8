package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.activities.platform.postgres.PostgresImportPieces.Piece;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.imports.ImportLayout;
import com.upgradectl.workflows.imports.PieceCopied;
import com.upgradectl.workflows.imports.PieceRef;
import com.upgradectl.workflows.imports.PlannedTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An import cut into pieces that activities on any worker copy: the plan (recorded in the pilot),
 * the holder of the read point, one piece's copy, one table's check, the restart at a new read point
 * and the finish. Each copies or checks what {@link PostgresCopyImport} does in one activity, by the
 * same statements.
 */
public final class PostgresPieceImport {
  public static final String OPERATION = "import";
  private static final Logger log = LoggerFactory.getLogger(PostgresPieceImport.class);
  /**
   * What SET TRANSACTION SNAPSHOT answers once the exporting transaction ended: "snapshot ... does not
   * exist" (undefined_object) since PostgreSQL 16, "invalid snapshot identifier" (invalid_parameter_value)
   * before.
   */
  private static final Set<String> SNAPSHOT_GONE = Set.of("42704", "22023");
  /** How long a piece waits for its read point's holder to open it. */
  private static final Duration HOLDER_WAIT = Duration.ofMinutes(5);

  private PostgresPieceImport() {}

  /** Prepares the pilot and records its pieces, or reads them back when an earlier attempt did. */
  public static ImportLayout plan(CopyJob job) {
    try (Connection production = job.production().dataSource().getConnection();
        Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      String schema = PostgresCatalog.currentSchema(pilot);
      if (!PostgresImportPieces.recorded(pilot, schema)) {
        List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(production, pilot, job.tables(),
            job.settings().binaryCopy());
        PostgresCopyConstraints.prepareImport(pilot, tables.stream().map(t -> t.plan().target()).toList());
        List<Piece> pieces = cut(production, tables, job);
        pilot.setAutoCommit(false);
        try {
          PostgresImportPieces.record(pilot, schema, pieces);
          pilot.commit();
        } catch (SQLException | RuntimeException e) {
          pilot.rollback();
          throw e;
        } finally {
          pilot.setAutoCommit(true);
        }
        log.info("import cut into {} piece(s) over {} table(s)", pieces.size(), tables.size());
      }
      return layout(PostgresImportPieces.all(pilot, schema), estimates(production, job));
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "planning the import from production database " + job.production()
          + " into pilot database " + job.pilot());
    }
  }

  private static List<Piece> cut(Connection production, List<PostgresCopyStatements> tables, CopyJob job)
      throws SQLException {
    List<Piece> pieces = new ArrayList<>();
    for (PostgresCopyStatements table : tables) {
      long rows = table.plan().source().estimatedRows();
      List<KeyRange> ranges = List.of(KeyRange.ALL);
      if (table.plan().chunked()) {
        int count = PostgresKeyRanges.count(rows, job.parallelism(), job.settings());
        ranges = PostgresKeyRanges.between(PostgresKeyRanges.boundaries(production, table, rows, count));
      }
      for (KeyRange range : ranges) {
        pieces.add(new Piece(pieces.size() + 1, table.plan().name(), range));
      }
    }
    return pieces;
  }

  private static Map<String, Long> estimates(Connection production, CopyJob job) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    List<TableInfo> catalog = PostgresCatalog.tables(production);
    job.tables().forEach(spec -> rows.put(spec.name(), catalog.stream()
        .filter(t -> t.name().equals(spec.sourceTable())).mapToLong(TableInfo::estimatedRows).findFirst().orElse(0)));
    return rows;
  }

  private static ImportLayout layout(List<Piece> pieces, Map<String, Long> estimates) {
    Map<String, int[]> tables = new LinkedHashMap<>();
    for (Piece piece : pieces) {
      int[] span = tables.computeIfAbsent(piece.table(), t -> new int[] {piece.number(), 0});
      span[1]++;
    }
    List<PlannedTable> planned = new ArrayList<>();
    tables.forEach((table, span) -> planned.add(new PlannedTable(table, estimates.getOrDefault(table, 0L), span[0],
        span[1])));
    return new ImportLayout(true, planned);
  }

  /**
   * Opens read point {@code generation} and keeps it open until the import no longer needs it (it
   * finished, or moved on to another read point: the pilot's record says so within a second) or
   * {@code beat} throws (cancelled, or the activity timed out). The snapshot is published in the pilot
   * for the pieces to adopt. Ending on the record, not on the cancellation, matters: a cancellation
   * arrives with a heartbeat's answer, up to 16 s later, and meanwhile the transaction stays open on
   * production, where the switch's guardrails would see a long transaction and its freeze cut it off.
   */
  public static void hold(CopyJob job, int generation, Runnable beat) {
    try (PostgresCopySnapshot snapshot = PostgresCopySnapshot.open(job.production().dataSource());
        Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      String schema = PostgresCatalog.currentSchema(pilot);
      String capturePosition = PostgresChangeCapture.installed(snapshot.coordinator())
          ? PostgresChangeCapture.snapshot(snapshot.coordinator()) : null;
      if (!PostgresImportPieces.publish(pilot, schema, generation, snapshot.id(), capturePosition)) {
        throw PostgresImportPieces.lost(generation, "the import has moved on to another read point");
      }
      log.info("holding read point {} of {} open (snapshot {})", generation, job.production(), snapshot.id());
      while (PostgresImportPieces.stillAt(pilot, schema, generation)) {
        beat.run();
        try (Statement s = snapshot.coordinator().createStatement()) {
          s.execute("SELECT 1");
        }
        Thread.sleep(1_000);
      }
      log.info("released read point {} of {}: the import no longer reads at it", generation, job.production());
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "holding read point " + generation + " of production database "
          + job.production());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while holding read point " + generation, e);
    }
  }

  /**
   * Copies one piece at the read point by the copy every import uses ({@link PostgresCopyTable}),
   * each chunk committed with the read point's generation checked in its transaction. A retry goes
   * on after the highest key of the range the pilot holds.
   */
  public static PieceCopied copy(CopyJob job, int generation, PieceRef ref) {
    PostgresCopyRun run = PostgresCopyRun.start(job, OPERATION);
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      String schema = PostgresCatalog.currentSchema(pilot);
      Piece piece = PostgresImportPieces.piece(pilot, schema, ref.piece());
      String snapshotId = awaitHolder(job, pilot, schema, generation);
      try (PostgresCopySnapshot snapshot = adopt(job, snapshotId, generation)) {
        PostgresCopyStatements sql = PostgresCopyPlanning.plan(snapshot.coordinator(), pilot, job.tables(),
            job.settings().binaryCopy()).get(0);
        Destination destination = sql.target();
        long already = PostgresCopyJdbc.count(pilot, sql.plan().chunked()
            ? sql.countCopied(destination, piece.range()) : sql.count(destination));
        PostgresTableInProgress table = new PostgresTableInProgress(sql, destination, already, 1);
        log.info("copying piece {} ({}) at read point {}", piece.number(), ref.describe(), generation);
        run.progress().planned(table.name(), sql.plan().source().estimatedRows() / ref.of());
        try (PostgresCopyLane lane = PostgresCopyLane.open(snapshot, job.pilot().dataSource(),
            chunk -> PostgresImportPieces.snapshotOf(chunk, schema, generation, true))) {
          PostgresCopyTable.copy(run, new PostgresCopyTable.Piece(table, piece.range(), ref.index(), ref.of()), lane);
        }
        TableCopied copied = table.copied();
        // the operator (and the test of several workers) sees which worker copied which piece
        log.info("copied piece {} ({}) at read point {}: {} rows", piece.number(), ref.describe(), generation,
            copied.rows());
        return new PieceCopied(piece.number(), piece.table(), copied.rows(), copied.bytes(), copied.resumedAfterRows());
      }
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "copying " + ref.describe() + " (production database " + job.production()
          + ", pilot database " + job.pilot() + ")");
    }
  }

  /** Count and checksum of one table, production at the read point against the pilot. */
  public static TableCheck verify(CopyJob job, int generation) {
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      String snapshotId = awaitHolder(job, pilot, PostgresCatalog.currentSchema(pilot), generation);
      try (PostgresCopySnapshot snapshot = adopt(job, snapshotId, generation)) {
        List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(snapshot.coordinator(), pilot, job.tables(),
            job.settings().binaryCopy());
        return PostgresChecksumChecks.againstReadPoint(job, snapshot, tables).get(0);
      }
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "verifying table " + job.tables().get(0).name() + " (production database "
          + job.production() + ", pilot database " + job.pilot() + ")");
    }
  }

  /** Empties the imported tables in the transaction that moves the import to read point {@code generation}. */
  public static void restart(CopyJob job, int generation) {
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      String schema = PostgresCatalog.currentSchema(pilot);
      pilot.setAutoCommit(false);
      try {
        if (PostgresImportPieces.moveTo(pilot, schema, generation)) {
          List<String[]> tables = targets(job, pilot);
          PostgresCopyJdbc.execute(pilot, PostgresCopySql.truncate(tables));
          log.info("import moved to read point {}: {} table(s) emptied", generation, tables.size());
        }
        pilot.commit();
      } catch (SQLException | RuntimeException e) {
        pilot.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "starting the import into pilot database " + job.pilot() + " again");
    }
  }

  private static List<String[]> targets(CopyJob job, Connection pilot) throws SQLException {
    String schema = PostgresCatalog.currentSchema(pilot);
    return job.tables().stream().map(t -> new String[] {schema, t.name()}).toList();
  }

  /**
   * Builds the keys, indexes and foreign keys, advances sequences, gathers statistics, and starts the
   * pilot's own change capture where production's stood at the read point (the holder recorded it),
   * then forgets the pieces. It reads nothing at the read point, so a holder that dies meanwhile (a
   * worker killed during the build) costs only the builds still missing, which a retry resumes.
   */
  public static void finish(CopyJob job, int generation) {
    try (Connection pilot = job.pilot().dataSource().getConnection();
        Connection production = job.production().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      production.setAutoCommit(true);
      String schema = PostgresCatalog.currentSchema(pilot);
      if (!PostgresImportPieces.recorded(pilot, schema)) {
        return;
      }
      String capturePosition = PostgresImportPieces.capturePosition(pilot, schema, generation);
      List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(production, pilot, job.tables(),
          job.settings().binaryCopy());
      PostgresCopyConstraints.restore(job.pilot().dataSource(), job.parallelism());
      for (PostgresCopyStatements table : tables) {
        TableInfo target = table.plan().target();
        PostgresCopySequences.advance(pilot, target);
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.analyze(target.schema(), target.name()));
      }
      if (capturePosition != null) {
        PostgresChangeCapture.install(pilot, tables.stream()
            .filter(t -> t.plan().spec().tableClass() == TableClass.DATA).map(t -> t.plan().target()).toList(), true);
        PostgresChangeCapture.recordApplied(pilot, capturePosition);
      }
      PostgresImportPieces.forget(pilot, schema);
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "finishing the import into pilot database " + job.pilot());
    }
  }

  /** The snapshot of read point {@code generation}, once its holder has published it. */
  private static String awaitHolder(CopyJob job, Connection pilot, String schema, int generation) throws SQLException {
    long giveUp = System.nanoTime() + HOLDER_WAIT.toNanos();
    while (true) {
      String id = PostgresImportPieces.snapshotOf(pilot, schema, generation, false);
      if (id != null) {
        return id;
      }
      if (System.nanoTime() > giveUp) {
        throw PostgresImportPieces.lost(generation, "its holder did not open it within " + HOLDER_WAIT.toMinutes()
            + " minutes");
      }
      job.heartbeat().beat(null);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for read point " + generation, e);
      }
    }
  }

  /** Joins the read point; the holder's transaction gone means the read point is lost. */
  private static PostgresCopySnapshot adopt(CopyJob job, String snapshotId, int generation) throws SQLException {
    try {
      return PostgresCopySnapshot.attach(job.production().dataSource(), snapshotId);
    } catch (SQLException e) {
      if (SNAPSHOT_GONE.contains(e.getSQLState())) {
        throw PostgresImportPieces.lost(generation, "its holder's transaction has ended (" + e.getMessage().strip()
            + ")");
      }
      throw e;
    }
  }
}
