package com.upgradectl.activities.production;

import com.upgradectl.activities.platform.DatabaseOperationException;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.production.MigrationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The package's in-place migrations, run by Flyway: baselined at the package's from-version, each
 * migration in its own transaction, progress in {@link #HISTORY_TABLE}, so a retry after a crash
 * continues after the last migration applied. The migrations' directory must hold exactly the
 * listed files, because Flyway runs what it finds there.
 */
final class FlywayMigrations {
  /** Starts with the tool-table prefix, so schema checks ignore it until it is dropped. */
  static final String HISTORY_TABLE = "upgradectl_migration_history";

  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.+)\\.sql");
  /** SQLState classes that may pass: connection, transaction rollback, resources, operator, system. */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

  private static final Logger log = LoggerFactory.getLogger(FlywayMigrations.class);

  private FlywayMigrations() {}

  /** Everything that keeps the migrations from running as listed; empty when they can. */
  static List<String> problems(UpgradePackage pkg, List<Path> migrations) {
    List<String> problems = new ArrayList<>();
    if (migrations.isEmpty()) {
      problems.add("package " + pkg.name() + " has no in-place migrations for this platform: a production upgrade"
          + " needs them ('migrations' in package.yaml)");
      return problems;
    }
    MigrationVersion from;
    try {
      from = MigrationVersion.fromVersion(pkg.fromVersion());
    } catch (FlywayException e) {
      problems.add("the package's from-version '" + pkg.fromVersion() + "' is not a migration version: " + e.getMessage());
      return problems;
    }
    Set<Path> directories = new TreeSet<>();
    for (Path migration : migrations) {
      directories.add(migration.getParent());
      String file = migration.getFileName().toString();
      Matcher name = VERSIONED.matcher(file);
      if (!name.matches()) {
        problems.add("migration " + file + " is not named V<version>__<description>.sql");
      } else if (MigrationVersion.fromVersion(name.group(1).replace('_', '.')).compareTo(from) <= 0) {
        problems.add("migration " + file + " has a version not above the package's from-version " + pkg.fromVersion()
            + ": it would never run");
      }
    }
    if (directories.size() != 1) {
      problems.add("the migrations must lie in one directory, they lie in " + directories);
      return problems;
    }
    Set<String> listed = new TreeSet<>(migrations.stream().map(p -> p.getFileName().toString()).toList());
    Set<String> present = sqlFiles(directories.iterator().next());
    present.removeAll(listed);
    if (!present.isEmpty()) {
      problems.add("the migrations' directory " + directories.iterator().next() + " holds SQL files the package does"
          + " not list as migrations, which Flyway would run too: " + present);
    }
    return problems;
  }

  static MigrationResult migrate(DataSource production, UpgradePackage pkg, List<Path> migrations) {
    Flyway flyway = configure(production, pkg, migrations);
    try {
      flyway.migrate();
      return applied(flyway);
    } catch (FlywayException e) {
      throw translate(e);
    }
  }

  private static Flyway configure(DataSource production, UpgradePackage pkg, List<Path> migrations) {
    return Flyway.configure()
        .dataSource(production)
        .locations("filesystem:" + migrations.get(0).getParent().toAbsolutePath())
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion(pkg.fromVersion())
        .baselineDescription(pkg.name() + " " + pkg.fromVersion() + " (before the upgrade)")
        .validateMigrationNaming(true)
        .failOnMissingLocations(true)
        .cleanDisabled(true)
        .createSchemas(false)
        .loggers("slf4j")
        .load();
  }

  private static MigrationResult applied(Flyway flyway) {
    List<String> applied = Stream.of(flyway.info().applied())
        .filter(m -> !m.getType().isBaseline() && m.getState() == MigrationState.SUCCESS)
        .sorted(Comparator.comparing(MigrationInfo::getVersion))
        .map(m -> m.getVersion() + " " + m.getDescription() + " (" + m.getScript() + ")")
        .toList();
    return new MigrationResult(applied);
  }

  /** Connection trouble is retried (Flyway continues where it stopped); a failing migration is the package's. */
  private static RuntimeException translate(FlywayException e) {
    SQLException sql = sqlCause(e);
    String message = firstLines(e.getMessage());
    if (sql != null && isTransient(sql)) {
      return new DatabaseOperationException("migrating was interrupted: " + message, sql.getSQLState(), e);
    }
    // Without the cause: operators read the innermost cause, which would be the bare SQL error without the migration.
    log.warn("a migration failed", e);
    return Failures.badInput("a migration failed; it was rolled back, the ones before it stay applied: " + message);
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  private static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientException || e instanceof SQLRecoverableException || state == null
        || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2));
  }

  /** Flyway's messages run over many lines with separators; the first few say what failed. */
  private static String firstLines(String message) {
    if (message == null) {
      return "(no message)";
    }
    return String.join(" ", message.lines().map(String::trim)
        .filter(l -> !l.isEmpty() && !l.matches("-+")).limit(6).toList());
  }

  private static Set<String> sqlFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
