package com.upgradectl.worker.connect;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.ServiceStubsOptions;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * How a process (the worker or the CLI) secures its connection to Temporal: TLS with the system's
 * or a given CA, a client certificate for mutual TLS, a server name that overrides the address's
 * host for certificate verification, and an API key (Temporal Cloud), sent as a bearer token.
 * Worker and CLI build their service stubs through {@link #applyTo}, so both connect the same way.
 *
 * @param tls whether to use TLS; implied by every other setting
 * @param caFile PEM CA certificate(s) the server's certificate must chain to; null = the JVM's trust store
 * @param clientCertFile PEM client certificate chain (mutual TLS), together with {@code clientKeyFile}
 * @param clientKeyFile unencrypted PKCS#8 PEM private key of the client certificate
 * @param serverName the name the server's certificate is checked against (and the gRPC authority)
 * @param apiKey the API key itself (already read from its variable or file), or null
 */
public record TemporalSecurity(boolean tls, Path caFile, Path clientCertFile, Path clientKeyFile, String serverName,
    String apiKey) {

  /** What each setting is called where it was given, so a problem names it as the operator wrote it. */
  public record Names(String caFile, String clientCertFile, String clientKeyFile) {}

  public TemporalSecurity {
    tls = tls || caFile != null || clientCertFile != null || clientKeyFile != null || serverName != null
        || apiKey != null;
  }

  /** Plain text, as against the dev server. */
  public static TemporalSecurity none() {
    return new TemporalSecurity(false, null, null, null, null, null);
  }

  /**
   * Every problem of the files, each naming the setting and the path: missing, unreadable, not
   * PEM, a certificate without its key. Empty when {@link #applyTo} will succeed.
   */
  public List<String> problems(Names names) {
    List<String> problems = new ArrayList<>();
    if (caFile != null) {
      try {
        Pem.certificates(caFile);
      } catch (Pem.BadFile e) {
        problems.add(names.caFile() + ": " + e.getMessage());
      }
    }
    if ((clientCertFile == null) != (clientKeyFile == null)) {
      problems.add(clientCertFile == null
          ? names.clientKeyFile() + " is set without " + names.clientCertFile() + "; mutual TLS needs both"
          : names.clientCertFile() + " is set without " + names.clientKeyFile() + "; mutual TLS needs both");
    }
    X509Certificate[] chain = null;
    PrivateKey key = null;
    if (clientCertFile != null) {
      try {
        chain = Pem.certificates(clientCertFile).toArray(X509Certificate[]::new);
      } catch (Pem.BadFile e) {
        problems.add(names.clientCertFile() + ": " + e.getMessage());
      }
    }
    if (clientKeyFile != null) {
      try {
        key = Pem.privateKey(clientKeyFile);
      } catch (Pem.BadFile e) {
        problems.add(names.clientKeyFile() + ": " + e.getMessage());
      }
    }
    if (chain != null && key != null && !key.getAlgorithm().equals(chain[0].getPublicKey().getAlgorithm())) {
      problems.add(names.clientKeyFile() + ": " + clientKeyFile + " is a " + key.getAlgorithm() + " key but the certificate of "
          + clientCertFile + " holds a " + chain[0].getPublicKey().getAlgorithm() + " key; they do not belong together");
    }
    if (problems.isEmpty() && tls) {
      try {
        sslContext();
      } catch (SSLException | RuntimeException e) {
        problems.add("TLS settings (" + names.caFile() + ", " + names.clientCertFile() + ", " + names.clientKeyFile()
            + ") are not usable together: " + e.getMessage());
      }
    }
    return problems;
  }

  /** The TLS context, or null without TLS. Call after {@link #problems} came back empty. */
  public SslContext sslContext() throws SSLException {
    if (!tls) {
      return null;
    }
    SslContextBuilder builder = GrpcSslContexts.forClient();
    try {
      if (caFile != null) {
        builder.trustManager(Pem.certificates(caFile).toArray(X509Certificate[]::new));
      }
      if (clientCertFile != null && clientKeyFile != null) {
        builder.keyManager(Pem.privateKey(clientKeyFile), Pem.certificates(clientCertFile).toArray(X509Certificate[]::new));
      }
    } catch (Pem.BadFile e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return builder.build();
  }

  /** Sets TLS, the server name and the API key on stubs options (workflow or operator service). */
  public <B extends ServiceStubsOptions.Builder<B>> B applyTo(B builder) {
    if (!tls) {
      return builder;
    }
    try {
      builder.setSslContext(sslContext());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS to Temporal: " + e.getMessage(), e);
    }
    if (serverName != null) {
      builder.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
    }
    if (apiKey != null) {
      String key = apiKey;
      builder.addApiKey(() -> key);
    }
    return builder;
  }

  /** For the start log: what is used, never the key. */
  public String describe() {
    if (!tls) {
      return "plaintext";
    }
    return "tls" + (caFile == null ? " ca=<system trust store>" : " ca=" + caFile)
        + (clientCertFile == null ? "" : " clientCert=" + clientCertFile + " clientKey=" + clientKeyFile)
        + (serverName == null ? "" : " serverName=" + serverName)
        + (apiKey == null ? "" : " apiKey=****");
  }

  @Override
  public String toString() {
    return "TemporalSecurity[" + describe() + "]";
  }
}
