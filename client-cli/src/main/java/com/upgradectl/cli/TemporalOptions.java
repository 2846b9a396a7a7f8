package com.upgradectl.cli;

import com.upgradectl.worker.codec.EncryptionKeys;
import com.upgradectl.worker.connect.TemporalSecurity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where Temporal is and how to connect securely: shared by every command that talks to it. The
 * TLS and API key settings are the worker's (temporal.tls.*, apiKeyEnv/apiKeyFile), built by the
 * same {@link TemporalSecurity}; every file is checked before anything connects.
 */
final class TemporalOptions {
  static final String API_KEY_ENV = "UPGRADECTL_TEMPORAL_API_KEY";
  static final String ENCRYPTION_KEY_ENV = "UPGRADECTL_ENCRYPTION_KEY";
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

  @Option(names = "--temporal-address", paramLabel = "HOST:PORT",
      defaultValue = "${env:UPGRADECTL_TEMPORAL_ADDRESS:-localhost:7233}",
      description = "Temporal frontend (default: ${DEFAULT-VALUE}; env UPGRADECTL_TEMPORAL_ADDRESS)")
  String address;

  @Option(names = "--namespace", paramLabel = "NAMESPACE", defaultValue = "${env:UPGRADECTL_NAMESPACE:-default}",
      description = "Temporal namespace (default: ${DEFAULT-VALUE}; env UPGRADECTL_NAMESPACE)")
  String namespace;

  /**
   * The options to paste into a follow-up command so it talks to the same server: empty for the
   * defaults, otherwise " --temporal-address A --namespace N" as far as they differ.
   */
  String forHints() {
    String hint = "";
    if (address != null && !address.equals("localhost:7233")) {
      hint += " --temporal-address " + address;
    }
    if (namespace != null && !namespace.equals("default")) {
      hint += " --namespace " + namespace;
    }
    return hint;
  }

  @Option(names = "--temporal-tls", defaultValue = "${env:UPGRADECTL_TEMPORAL_TLS:-false}", fallbackValue = "true",
      arity = "0..1", description = "connect with TLS, trusting the JVM's CAs unless --temporal-tls-ca is given; implied by"
      + " every option below (env UPGRADECTL_TEMPORAL_TLS)")
  boolean tls;

  @Option(names = "--temporal-tls-ca", paramLabel = "FILE", defaultValue = "${env:UPGRADECTL_TEMPORAL_TLS_CA}",
      description = "PEM CA certificate(s) the server's certificate must chain to (env UPGRADECTL_TEMPORAL_TLS_CA)")
  Path caFile;

  @Option(names = "--temporal-tls-cert", paramLabel = "FILE", defaultValue = "${env:UPGRADECTL_TEMPORAL_TLS_CERT}",
      description = "PEM client certificate for mutual TLS (env UPGRADECTL_TEMPORAL_TLS_CERT)")
  Path certFile;

  @Option(names = "--temporal-tls-key", paramLabel = "FILE", defaultValue = "${env:UPGRADECTL_TEMPORAL_TLS_KEY}",
      description = "its unencrypted PKCS#8 PEM key (env UPGRADECTL_TEMPORAL_TLS_KEY)")
  Path keyFile;

  @Option(names = "--temporal-tls-server-name", paramLabel = "NAME",
      defaultValue = "${env:UPGRADECTL_TEMPORAL_TLS_SERVER_NAME}",
      description = "name the server's certificate is checked against, when not the address's host"
          + " (env UPGRADECTL_TEMPORAL_TLS_SERVER_NAME)")
  String serverName;

  @Option(names = "--temporal-api-key-file", paramLabel = "FILE", defaultValue = "${env:UPGRADECTL_TEMPORAL_API_KEY_FILE}",
      description = "file holding a Temporal API key, sent as a bearer token over TLS (or the key itself in env "
          + API_KEY_ENV + "; env UPGRADECTL_TEMPORAL_API_KEY_FILE)")
  Path apiKeyFile;

  @Option(names = "--encryption-key-file", paramLabel = "FILE", defaultValue = "${env:UPGRADECTL_ENCRYPTION_KEY_FILE}",
      description = "payload encryption keys, lines keyId=base64key, as the worker's encryption.keyFile (or the keys"
          + " themselves in env " + ENCRYPTION_KEY_ENV + "; env UPGRADECTL_ENCRYPTION_KEY_FILE)")
  Path encryptionKeyFile;

  @Option(names = "--encryption-key-id", paramLabel = "ID", defaultValue = "${env:UPGRADECTL_ENCRYPTION_KEY_ID}",
      description = "the key new payloads are encrypted with (default: the last one; env UPGRADECTL_ENCRYPTION_KEY_ID)")
  String encryptionKeyId;

  /** Environment lookups (tests replace it). */
  Function<String, String> environment = System::getenv;

  TemporalConnection connect() {
    if (address == null || !HOST_PORT.matcher(address).matches()) {
      throw CommandFailure.badInput("--temporal-address '" + address + "' is not host:port (e.g. localhost:7233)");
    }
    TemporalSecurity security = security();
    return TemporalConnection.open(address, namespace, security, encryptionKeys());
  }

  /** The payload encryption keys, or null when none are given: payloads then go in plaintext. */
  EncryptionKeys encryptionKeys() {
    String fromEnv = environment.apply(ENCRYPTION_KEY_ENV);
    boolean inEnv = fromEnv != null && !fromEnv.isBlank();
    if (encryptionKeyFile != null && inEnv) {
      throw CommandFailure.badInput("--encryption-key-file and env " + ENCRYPTION_KEY_ENV + " are both set; keep one");
    }
    String text;
    String source;
    if (encryptionKeyFile != null) {
      source = encryptionKeyFile.toString();
      try {
        text = Files.readString(encryptionKeyFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CommandFailure.badInput("--encryption-key-file: cannot read " + encryptionKeyFile + " ("
            + e.getClass().getSimpleName() + ")");
      }
    } else if (inEnv) {
      source = "env " + ENCRYPTION_KEY_ENV;
      text = fromEnv;
    } else {
      if (encryptionKeyId != null) {
        throw CommandFailure.badInput("--encryption-key-id without keys (--encryption-key-file or env " + ENCRYPTION_KEY_ENV + ")");
      }
      return null;
    }
    try {
      return EncryptionKeys.parse(source, text, encryptionKeyId);
    } catch (EncryptionKeys.InvalidKeysException e) {
      throw CommandFailure.badInput("payload encryption keys are unusable:\n  - " + String.join("\n  - ", e.problems()));
    }
  }

  /** The checked TLS settings; a bad file fails with exit code 2 naming the option and the path. */
  TemporalSecurity security() {
    List<String> problems = new ArrayList<>();
    String apiKey = null;
    String keyFromEnv = environment.apply(API_KEY_ENV);
    if (apiKeyFile != null && keyFromEnv != null && !keyFromEnv.isBlank()) {
      problems.add("--temporal-api-key-file and env " + API_KEY_ENV + " are both set; keep one");
    } else if (apiKeyFile != null) {
      try {
        apiKey = Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
        if (apiKey.isEmpty()) {
          problems.add("--temporal-api-key-file: " + apiKeyFile + " is empty");
          apiKey = null;
        }
      } catch (IOException e) {
        problems.add("--temporal-api-key-file: cannot read " + apiKeyFile + " (" + e.getClass().getSimpleName() + ")");
      }
    } else if (keyFromEnv != null && !keyFromEnv.isBlank()) {
      apiKey = keyFromEnv.strip();
    }
    TemporalSecurity security = new TemporalSecurity(tls, caFile, certFile, keyFile,
        serverName == null || serverName.isBlank() ? null : serverName, apiKey);
    problems.addAll(security.problems(
        new TemporalSecurity.Names("--temporal-tls-ca", "--temporal-tls-cert", "--temporal-tls-key")));
    if (!problems.isEmpty()) {
      throw CommandFailure.badInput("cannot connect to Temporal securely as asked:\n  - " + String.join("\n  - ", problems));
    }
    return security;
  }
}
