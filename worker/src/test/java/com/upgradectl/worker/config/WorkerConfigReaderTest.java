package com.upgradectl.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.workflows.TaskQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigReaderTest {
  private static final String SECRET = "s3cr3t-Value";

  @TempDir Path dir;

  private final WorkerConfigReader reader = new WorkerConfigReader(Map.of("PG_PASSWORD", SECRET)::get);

  @Test
  void readsTheExampleFileShippedWithTheWorker() throws Exception {
    Path example = Path.of("worker.example.yaml");
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/prod-mssql-password"), "mssql-" + SECRET + "\n");
    Path copy = dir.resolve("worker.yaml");
    Files.copy(example, copy);

    WorkerConfig config = new WorkerConfigReader(Map.of("UPGRADECTL_PROD_PG_PASSWORD", SECRET)::get).read(copy);

    assertThat(config.temporal()).isEqualTo(
        new TemporalSettings("temporal.example.internal:7233", "default", TaskQueues.UPGRADES));
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.profiles()).containsOnlyKeys("prod-pg", "prod-mssql");
    assertThat(config.profiles().get("prod-pg").password()).isEqualTo(SECRET);
    assertThat(config.profiles().get("prod-mssql").password()).as("file content, trailing newline stripped")
        .isEqualTo("mssql-" + SECRET);
    assertThat(config.profiles().get("prod-mssql").backupDirectory()).isEqualTo("/var/opt/mssql/backup");
    assertThat(config.profiles().get("prod-pg").backupDirectory()).isNull();
  }

  @Test
  void aBackupDirectoryMustBeAnAbsolutePathOnTheServer() throws Exception {
    String file = """
        temporal: { target: "localhost:7233" }
        profiles:
          mssql: { platform: sqlserver, serverUrl: "jdbc:sqlserver://db", user: sa, backupDirectory: '%s' }
        """;
    for (String directory : new String[] {"/var/opt/mssql/backup", "D:\\Backup", "d:/backup", "\\\\nas\\sql"}) {
      assertThat(read(file.formatted(directory)).profiles().get("mssql").backupDirectory()).isEqualTo(directory);
    }
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> read(file.formatted("backup")));
    assertThat(e.problems()).containsExactly("profiles.mssql.backupDirectory: 'backup' is not an absolute path (as the"
        + " database server sees it: /var/opt/mssql/backup, D:\\Backup or \\\\host\\share)");
  }

  private static final String PROFILE = """
      profiles:
        local: { platform: postgresql, serverUrl: "jdbc:postgresql://db/postgres", user: u, passwordEnv: PG_PASSWORD }
      """;

  @Test
  void aDeploymentVersionOptsTheWorkerIntoWorkerVersioning() throws Exception {
    WorkerConfig config = read("""
        temporal: { target: "localhost:7233", deployment: { name: upgradectl, buildId: "0.2.0-abc" } }
        %s""".formatted(PROFILE));

    assertThat(config.temporal().deployment()).isEqualTo(new WorkerDeployment("upgradectl", "0.2.0-abc"));
    var options = com.upgradectl.worker.WorkerRuntimeOptions.of(config.temporal().deployment());
    assertThat(options.getDeploymentOptions().isUsingVersioning()).isTrue();
    assertThat(options.getDeploymentOptions().getVersion().getBuildId()).isEqualTo("0.2.0-abc");
    assertThat(read("temporal: { target: \"localhost:7233\" }\n" + PROFILE).temporal().deployment())
        .as("off by default").isNull();

    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> read("temporal: { target: \"localhost:7233\", deployment: { name: upgradectl } }"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("temporal.deployment.buildId"));
  }

  @Test
  void defaultsNamespaceQueueMetricsPortAndShutdownTimeout() throws Exception {
    WorkerConfig config = read("""
        temporal: { target: "localhost:7233" }
        profiles:
          local: { platform: postgresql, serverUrl: "jdbc:postgresql://localhost/postgres", user: me }
        """);

    assertThat(config.temporal().namespace()).isEqualTo("default");
    assertThat(config.temporal().taskQueue()).isEqualTo(TaskQueues.UPGRADES);
    assertThat(config.metricsPort()).isEqualTo(WorkerConfig.DEFAULT_METRICS_PORT);
    assertThat(config.shutdownTimeoutSeconds()).isEqualTo(WorkerConfig.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
    assertThat(config.copy().chunkRows()).isEqualTo(com.upgradectl.activities.copy.CopySettings.DEFAULT_CHUNK_ROWS);
    assertThat(config.profiles().get("local"))
        .isEqualTo(new ConnectionProfile("local", "postgresql", "jdbc:postgresql://localhost/postgres", "me", ""));
  }

  @Test
  void reportsEveryProblemAtOnceNamingTheProperty() {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> read("""
        temporal:
          target: "no-port-here"
          namspace: typo
        metrics:
          port: 70000
        shutdownTimeoutSeconds: -1
        profiles:
          prod:
            platform: oracle
            serverUrl: "jdbc:postgresql://db/postgres"
            passwordEnv: NOT_SET_ANYWHERE
          "bad name;":
            platform: postgresql
            serverUrl: "jdbc:mysql://db/x"
            user: u
            passwordEnv: PG_PASSWORD
            passwordFile: also.txt
        """));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "temporal.namspace: unknown setting (known here: apiKeyEnv, apiKeyFile, deployment, namespace, target, taskQueue, tls)",
        "temporal.target: 'no-port-here' is not host:port (e.g. temporal.example.internal:7233)",
        "metrics.port: 70000 is out of range; it must be between 0 and 65535",
        "shutdownTimeoutSeconds: -1 is out of range; it must be between 0 and 3600",
        "profiles.prod.platform: 'oracle' is not supported; use one of postgresql, sqlserver",
        "profiles.prod.user: is required",
        "profiles.prod.passwordEnv: environment variable NOT_SET_ANYWHERE is not set",
        "profiles.bad name;: a profile name starts with a letter and holds only letters, digits, '_' and '-' (at most 63)",
        "profiles.bad name;.serverUrl: 'jdbc:mysql://db/x' is not a jdbc:postgresql: URL",
        "profiles.bad name;.passwordEnv and profiles.bad name;.passwordFile are both set; keep one");
    assertThat(e.getMessage()).startsWith("test.yaml is invalid (10 problems):");
  }

  @Test
  void readsTheCopyChunkSizeAndRefusesOneBelowOneRow() throws Exception {
    String file = """
        temporal: { target: "localhost:7233" }
        copy: { chunkRows: %s }
        profiles:
          local: { platform: postgresql, serverUrl: "jdbc:postgresql://localhost/postgres", user: me }
        """;
    assertThat(read(file.formatted("500")).copy().chunkRows()).isEqualTo(500);

    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> read(file.formatted("0")));
    assertThat(e.problems()).containsExactly("copy.chunkRows: 0 is out of range; it must be between 1 and 10000000");
  }

  @Test
  void snapshotIsolationConsentIsOffUnlessTheOperatorGivesIt() throws Exception {
    String file = """
        temporal: { target: "localhost:7233" }
        copy: { %s }
        profiles:
          prod: { platform: sqlserver, serverUrl: "jdbc:sqlserver://db:1433;databaseName=master", user: sa }
        """;
    assertThat(read(file.formatted("chunkRows: 500")).copy().snapshotIsolationConsent()).isFalse();
    assertThat(read(file.formatted("snapshotIsolationConsent: true")).copy().snapshotIsolationConsent()).isTrue();

    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> read(file.formatted("snapshotIsolationConsent: yes please")));
    assertThat(e.problems()).containsExactly("copy.snapshotIsolationConsent: 'yes please' is not true or false");
  }

  @Test
  void requiresTargetAndAtLeastOneProfile() {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> read("metrics: { port: 0 }\n"));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "temporal.target: is required", "profiles: at least one connection profile is required");
  }

  @Test
  void refusesInlinePasswordsWithoutRepeatingThem() {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> read("""
        temporal: { target: "localhost:7233" }
        profiles:
          prod:
            platform: postgresql
            serverUrl: "jdbc:postgresql://db/postgres?user=u&password=%s"
            user: u
            password: %s
        """.formatted(SECRET, SECRET)));

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).startsWith("profiles.prod.password: inline passwords are not accepted");
    assertThat(e.problems().get(1))
        .isEqualTo("profiles.prod.serverUrl: 'jdbc:postgresql://db/postgres?user=u&password=****' carries a password;"
            + " move it to passwordEnv or passwordFile");
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void reportsAnUnreadableOrEmptyPasswordFile() throws Exception {
    Files.writeString(dir.resolve("empty.txt"), "\n");
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> read("""
        temporal: { target: "localhost:7233" }
        profiles:
          a: { platform: postgresql, serverUrl: "jdbc:postgresql://db/postgres", user: u, passwordFile: missing.txt }
          b: { platform: postgresql, serverUrl: "jdbc:postgresql://db/postgres", user: u, passwordFile: empty.txt }
        """));

    assertThat(e.problems()).containsExactly(
        "profiles.a.passwordFile: cannot read " + dir.resolve("missing.txt") + " (NoSuchFileException)",
        "profiles.b.passwordFile: " + dir.resolve("empty.txt") + " is empty");
  }

  @Test
  void namesTheLineOfBrokenYaml() {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> read("temporal:\n  target: [unclosed\n"));

    assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML at line ");
  }

  @Test
  void everyDumpMasksPasswordsIncludingThoseInUrls() throws Exception {
    WorkerConfig config = read("""
        temporal: { target: "localhost:7233" }
        profiles:
          prod: { platform: sqlserver, serverUrl: "jdbc:sqlserver://db:1433;databaseName=master", user: sa, passwordEnv: PG_PASSWORD }
        """);

    assertThat(config.toString()).doesNotContain(SECRET).contains("password=****");
    assertThat(config.describe()).doesNotContain(SECRET)
        .contains("profiles.prod: platform=sqlserver serverUrl=jdbc:sqlserver://db:1433;databaseName=master user=sa"
            + " password=****");
    assertThat(config.profiles().get("prod").toString()).doesNotContain(SECRET);
  }

  private WorkerConfig read(String yaml) throws InvalidConfigurationException {
    return reader.read("test.yaml", yaml, dir);
  }
}
