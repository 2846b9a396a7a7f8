package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.upgradectl.worker.connect.TemporalSecurity;
import com.upgradectl.worker.dev.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The CLI's secure-connection options: the worker's settings, checked before anything connects. */
class TemporalOptionsTest {
  private static final String NOBODY_LISTENS = "localhost:" + FreePorts.pick();

  @TempDir Path dir;

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin TemporalOptions temporal;

    @Override
    public void run() {}
  }

  private static TemporalOptions parse(Map<String, String> environment, String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    probe.temporal.environment = environment::get;
    return probe.temporal;
  }

  @Test
  void aMissingCaFileIsBadInputNamingTheOptionAndPathAndNothingIsContacted() {
    Path missing = dir.resolve("no-such-ca.pem");
    CliRun run = CliRun.run("status", "--profile", "embedded", "--database", "servicedesk",
        "--temporal-address", NOBODY_LISTENS, "--temporal-tls-ca", missing.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--temporal-tls-ca: " + missing + ": no such file");
  }

  @Test
  void aClientCertificateNeedsItsKey() throws Exception {
    Path cert = Files.writeString(dir.resolve("client.pem"), "garbage");
    CommandFailure failure = catchThrowableOfType(CommandFailure.class,
        () -> parse(Map.of(), "--temporal-tls-cert", cert.toString()).security());
    assertThat(failure.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(failure.getMessage())
        .contains("--temporal-tls-cert is set without --temporal-tls-key; mutual TLS needs both")
        .contains("--temporal-tls-cert: " + cert + ": holds no PEM certificate");
  }

  @Test
  void anApiKeyFromTheEnvironmentImpliesTls() {
    TemporalSecurity security = parse(Map.of(TemporalOptions.API_KEY_ENV, " cloud-key\n"),
        "--temporal-address", "ns.acct.tmprl.cloud:7233", "--temporal-tls-server-name", "ns.acct.tmprl.cloud").security();
    assertThat(security.tls()).isTrue();
    assertThat(security.apiKey()).isEqualTo("cloud-key");
    assertThat(security.serverName()).isEqualTo("ns.acct.tmprl.cloud");
    assertThat(security.caFile()).isNull();
  }

  @Test
  void anApiKeyFileIsRead() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "file-key\n");
    TemporalSecurity security = parse(Map.of(), "--temporal-api-key-file", key.toString()).security();
    assertThat(security.apiKey()).isEqualTo("file-key");
    assertThat(security.tls()).isTrue();
  }

  @Test
  void byDefaultThePlaintextConnectionOfTheDevServer() {
    TemporalSecurity security = parse(Map.of()).security();
    assertThat(security.tls()).isFalse();
    assertThat(parse(Map.of(), "--temporal-tls").security().tls()).isTrue();
  }
}
