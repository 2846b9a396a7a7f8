package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.platform.postgres.PostgresSetAside.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pilot's foreign keys, primary keys, unique and exclusion constraints and indexes during an
 * import: taken off so tables load bare, in any order and in parallel; recorded in the pilot itself
 * first (so an import that crashes still knows them); built again after the load, in parallel,
 * checking every row. The pilot's own triggers sleep meanwhile ({@link PostgresLoadTriggers}).
 */
final class PostgresCopyConstraints {
  private static final Logger log = LoggerFactory.getLogger(PostgresCopyConstraints.class);
  /** An object something else depends on (a view grouping by a primary key) cannot be dropped. */
  private static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";

  private PostgresCopyConstraints() {}

  /**
   * Readies the pilot for loading, in one transaction: records and takes off every foreign key from or
   * to the tables and every key and index of theirs that can be built again exactly, and — unless an
   * earlier attempt already started (the record table exists) — empties the tables of whatever the
   * schema scripts put there, so production's rows replace them.
   *
   * @return true when an earlier attempt had started: the tables' rows are its committed chunks
   */
  static boolean prepareImport(Connection pilot, List<TableInfo> tables) throws SQLException {
    String schema = PostgresCatalog.currentSchema(pilot);
    pilot.setAutoCommit(false);
    try {
      boolean resuming = PostgresCatalog.tableExists(pilot, schema, PostgresCopySql.PENDING_CONSTRAINTS);
      for (String statement : PostgresCopySql.createPendingConstraints(schema)) {
        PostgresCopyJdbc.execute(pilot, statement);
      }
      List<ForeignKeyInfo> foreignKeys = PostgresCatalog.foreignKeysTouching(pilot, tables);
      for (ForeignKeyInfo key : foreignKeys) {
        PostgresSetAside aside = new PostgresSetAside(key.schema(), key.table(), key.name(), Kind.FOREIGN_KEY,
            key.definition(), List.of(), null);
        PostgresCopyJdbc.execute(pilot, aside.dropStatement());
        PostgresSetAsideRecord.add(pilot, schema, aside);
      }
      int setAside = 0;
      for (PostgresSetAside aside : PostgresCatalog.indexesAndKeys(pilot, tables)) {
        if (takeOff(pilot, aside)) {
          PostgresSetAsideRecord.add(pilot, schema, aside);
          setAside++;
        }
      }
      int triggers = PostgresLoadTriggers.quiet(pilot, schema, tables);
      if (!resuming && !tables.isEmpty()) {
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.truncate(
            tables.stream().map(t -> new String[] {t.schema(), t.name()}).toList()));
      }
      pilot.commit();
      log.info("pilot ready for import: {} foreign key(s) and {} key(s) and index(es) recorded and taken off,"
          + " {} trigger(s) disabled{}", foreignKeys.size(), setAside, triggers,
          resuming ? ", resuming an earlier attempt" : ", tables emptied");
      return resuming;
    } catch (SQLException | RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(true);
    }
  }

  /** Drops the object unless something depends on it, in which case it stays and is loaded row by row. */
  private static boolean takeOff(Connection pilot, PostgresSetAside aside) throws SQLException {
    Savepoint before = pilot.setSavepoint();
    try {
      PostgresCopyJdbc.execute(pilot, aside.dropStatement());
      pilot.releaseSavepoint(before);
      return true;
    } catch (SQLException e) {
      if (!DEPENDENT_OBJECTS_STILL_EXIST.equals(e.getSQLState())) {
        throw e;
      }
      pilot.rollback(before);
      log.info("{} stays on during the load: {}", aside, e.getMessage().strip());
      return false;
    }
  }

  /**
   * Builds again everything recorded, on {@code parallelism} connections: keys and indexes first,
   * largest tables first, then the foreign keys that need them; then forgets the record. What an
   * earlier attempt already built is only forgotten.
   *
   * @throws io.temporal.failure.ApplicationFailure VerificationFailed naming the key or constraint the
   *     copied rows break
   */
  static void restore(DataSource pilotSource, int parallelism) throws SQLException {
    String schema;
    List<PostgresSetAside> pending;
    try (Connection pilot = pilotSource.getConnection()) {
      pilot.setAutoCommit(true);
      schema = PostgresCatalog.currentSchema(pilot);
      PostgresLoadTriggers.wake(pilot, schema);
      if (!PostgresCatalog.tableExists(pilot, schema, PostgresCopySql.PENDING_CONSTRAINTS)) {
        return;
      }
      pending = PostgresSetAsideRecord.largestTablesFirst(pilot, PostgresSetAsideRecord.all(pilot, schema));
    }
    long started = System.nanoTime();
    build(pilotSource, parallelism, schema, pending.stream().filter(p -> p.kind() != Kind.FOREIGN_KEY).toList());
    build(pilotSource, parallelism, schema, pending.stream().filter(p -> p.kind() == Kind.FOREIGN_KEY).toList());
    try (Connection pilot = pilotSource.getConnection()) {
      pilot.setAutoCommit(true);
      PostgresCopyJdbc.execute(pilot, PostgresCopySql.dropPendingConstraints(schema));
    }
    log.info("{} key(s), index(es) and foreign key(s) built again and validated on {} connection(s) in {} ms",
        pending.size(), parallelism, (System.nanoTime() - started) / 1_000_000);
  }

  /** Two foreign keys lock two tables each; where they deadlock, the one the server chose goes again alone. */
  private static void build(DataSource pilotSource, int parallelism, String schema, List<PostgresSetAside> objects)
      throws SQLException {
    List<PostgresSetAside> deadlocked = ParallelLanes.run("rebuild", parallelism, objects,
        () -> PostgresBuildLane.open(pilotSource),
        (lane, aside) -> PostgresRebuild.build(lane.pilot(), schema, aside) ? null : aside)
        .stream().filter(Objects::nonNull).toList();
    if (deadlocked.isEmpty()) {
      return;
    }
    log.info("building {} again one at a time after a deadlock", deadlocked);
    try (PostgresBuildLane lane = PostgresBuildLane.open(pilotSource)) {
      for (PostgresSetAside aside : new ArrayList<>(deadlocked)) {
        if (!PostgresRebuild.build(lane.pilot(), schema, aside)) {
          throw new SQLException("deadlock building " + aside + " with nothing else building", "40P01");
        }
      }
    }
  }
}
