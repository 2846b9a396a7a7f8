package com.upgradectl.worker.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throw-away CA and two certificates it signed (server: DNS name {@value #SERVER_NAME}; client),
 * made with the JDK's keytool at test time, written as PEM files: nothing to commit, nothing expires.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {
  public static final String SERVER_NAME = "temporal.upgradectl.test";
  private static final String PASSWORD = "changeit";

  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    keytool(dir, null, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=upgradectl test CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
    Path ca = dir.resolve("ca.pem");
    Files.write(ca, keytool(dir, null, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12"));
    Path serverCert = signed(dir, "server", "CN=" + SERVER_NAME, "SAN=dns:" + SERVER_NAME);
    Path clientCert = signed(dir, "client", "CN=upgradectl worker", null);
    return new TestCertificates(ca, serverCert, key(dir, "server"), clientCert, key(dir, "client"));
  }

  private static Path signed(Path dir, String name, String dname, String extension)
      throws IOException, InterruptedException {
    keytool(dir, null, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
        "-validity", "2", "-keystore", name + ".p12");
    byte[] request = keytool(dir, null, "-certreq", "-alias", name, "-keystore", name + ".p12");
    List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-validity", "2"));
    if (extension != null) {
      gencert.add("-ext");
      gencert.add(extension);
    }
    Path pem = dir.resolve(name + ".pem");
    Files.write(pem, keytool(dir, request, gencert.toArray(String[]::new)));
    return pem;
  }

  private static Path key(Path dir, String name) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
      Path pem = dir.resolve(name + "-key.pem");
      Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
      return pem;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static byte[] keytool(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12", "-noprompt"));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin);
    }
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + err);
    }
    return out;
  }
}
