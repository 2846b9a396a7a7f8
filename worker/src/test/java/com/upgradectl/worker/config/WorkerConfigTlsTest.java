package com.upgradectl.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.upgradectl.worker.connect.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** temporal.tls and the API key in worker.yaml: files relative to the configuration, checked at read time. */
class WorkerConfigTlsTest {
  @TempDir Path dir;

  private static final String PROFILES = """
      profiles:
        pg: { platform: postgresql, serverUrl: "jdbc:postgresql://db/postgres", user: u }
      """;

  @Test
  void readsMutualTlsServerNameAndApiKeyFromTheEnvironment() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    WorkerConfig config = new WorkerConfigReader(Map.of("TEMPORAL_KEY", "key-123")::get).read("w.yaml", """
        temporal:
          target: "temporal.internal:7233"
          apiKeyEnv: TEMPORAL_KEY
          tls:
            caFile: ca.pem
            clientCertFile: client.pem
            clientKeyFile: client-key.pem
            serverName: %s
        """.formatted(TestCertificates.SERVER_NAME) + PROFILES, dir);

    var security = config.temporal().security();
    assertThat(security.tls()).isTrue();
    assertThat(security.caFile()).isEqualTo(certs.caCert());
    assertThat(security.clientCertFile()).isEqualTo(certs.clientCert());
    assertThat(security.clientKeyFile()).isEqualTo(certs.clientKey());
    assertThat(security.serverName()).isEqualTo(TestCertificates.SERVER_NAME);
    assertThat(security.apiKey()).isEqualTo("key-123");
    assertThat(config.describe()).contains("apiKey=****").doesNotContain("key-123");
  }

  @Test
  void anApiKeyAloneImpliesTlsWithTheSystemTrustStore() throws Exception {
    Files.writeString(dir.resolve("api-key"), "cloud-key\n");
    WorkerConfig config = new WorkerConfigReader(Map.<String, String>of()::get).read("w.yaml", """
        temporal: { target: "ns.acct.tmprl.cloud:7233", apiKeyFile: api-key }
        """ + PROFILES, dir);
    assertThat(config.temporal().security().tls()).isTrue();
    assertThat(config.temporal().security().apiKey()).isEqualTo("cloud-key");
    assertThat(config.temporal().security().caFile()).isNull();
  }

  @Test
  void withoutTlsSettingsTheConnectionIsPlaintext() throws Exception {
    WorkerConfig config = new WorkerConfigReader(Map.<String, String>of()::get).read("w.yaml",
        "temporal: { target: \"localhost:7233\" }\n" + PROFILES, dir);
    assertThat(config.temporal().security().tls()).isFalse();
  }

  @Test
  void aMissingOrBadFileIsNamedWithItsSettingBeforeAnythingConnects() throws Exception {
    Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> new WorkerConfigReader(Map.<String, String>of()::get).read("w.yaml", """
            temporal:
              target: "localhost:7233"
              apiKeyEnv: UNSET_VARIABLE
              tls: { caFile: missing-ca.pem, clientCertFile: garbage.pem }
            """ + PROFILES, dir));
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "temporal.tls.caFile: " + dir.resolve("missing-ca.pem") + ": no such file",
        "temporal.tls.clientCertFile is set without temporal.tls.clientKeyFile; mutual TLS needs both",
        "temporal.tls.clientCertFile: " + dir.resolve("garbage.pem")
            + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
        "temporal.apiKeyEnv: environment variable UNSET_VARIABLE is not set");
  }

  @Test
  void aKeyThatIsNotPkcs8IsRefusedWithTheConversionCommand() throws Exception {
    TestCertificates.create(dir);
    Files.writeString(dir.resolve("old.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> new WorkerConfigReader(Map.<String, String>of()::get).read("w.yaml", """
            temporal:
              target: "localhost:7233"
              tls: { clientCertFile: client.pem, clientKeyFile: old.key }
            """ + PROFILES, dir));
    assertThat(e.problems()).singleElement().asString()
        .startsWith("temporal.tls.clientKeyFile: " + dir.resolve("old.key") + ": the key is in the old RSA PRIVATE KEY")
        .contains("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void tlsSwitchedOffExplicitlyConflictsWithAnApiKey() throws Exception {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> new WorkerConfigReader(Map.of("K", "v")::get).read("w.yaml", """
            temporal: { target: "localhost:7233", apiKeyEnv: K, tls: { enabled: false } }
            """ + PROFILES, dir));
    assertThat(e.problems()).containsExactly("temporal.tls.enabled: false, but an API key is only ever sent over TLS");
  }
}
