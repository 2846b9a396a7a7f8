package com.upgradectl.worker.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and unencrypted PKCS#8 private keys, each failure naming the file and why. */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

  private Pem() {}

  /** A file that cannot be used, with the reason: the caller prefixes the setting's name. */
  static final class BadFile extends Exception {
    BadFile(Path file, String reason) {
      super(file + ": " + reason);
    }
  }

  static List<X509Certificate> certificates(Path file) throws BadFile {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(file)) {
        if (block.type().equals("CERTIFICATE")) {
          certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
      throw new BadFile(file, "not a valid X.509 certificate (" + e.getMessage() + ")");
    }
    if (certificates.isEmpty()) {
      throw new BadFile(file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  static PrivateKey privateKey(Path file) throws BadFile {
    for (Block block : blocks(file)) {
      switch (block.type()) {
        case "PRIVATE KEY" -> {
          for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
              return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
            } catch (GeneralSecurityException e) {
              // the next algorithm
            }
          }
          throw new BadFile(file, "the PKCS#8 key is neither RSA, EC nor Ed25519");
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new BadFile(file, "the key is in the old " + block.type()
            + " format; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
        case "ENCRYPTED PRIVATE KEY" -> throw new BadFile(file, "the key is encrypted; give an unencrypted PKCS#8 key"
            + " (openssl pkcs8 -topk8 -nocrypt) and protect the file instead");
        default -> { }
      }
    }
    throw new BadFile(file, "holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path file) throws BadFile {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BadFile(file, "no such file");
    } catch (IOException e) {
      throw new BadFile(file, "cannot read it (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new BadFile(file, "a " + m.group(1) + " block is not valid base64");
      }
    }
    return blocks;
  }
}
