package com.upgradectl.worker.codec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys payloads are encrypted with, by key id, and the id new payloads are encrypted
 * with. Text form (a key file, or the value of UPGRADECTL_ENCRYPTION_KEY): entries
 * {@code keyId=base64-of-32-bytes}, one per line or separated by commas; blank lines and lines
 * starting with # are ignored. Rotation: add the new key, make it current (keyId, or last in the
 * text), keep the old ones as long as histories encrypted with them must be read.
 */
public final class EncryptionKeys {
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

  private final Map<String, SecretKey> keys;
  private final String currentId;

  private EncryptionKeys(Map<String, SecretKey> keys, String currentId) {
    this.keys = Map.copyOf(keys);
    this.currentId = currentId;
  }

  /** Thrown with every problem of a key text; never carries key material. */
  public static final class InvalidKeysException extends Exception {
    private final List<String> problems;

    InvalidKeysException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * @param source where the text came from, named in every problem (a path or an environment variable)
   * @param currentId the id to encrypt with; null = the last entry
   */
  public static EncryptionKeys parse(String source, String text, String currentId) throws InvalidKeysException {
    List<String> problems = new ArrayList<>();
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String last = null;
    int entry = 0;
    for (String line : text.split("\\R")) {
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      for (String item : stripped.split(",")) {
        String it = item.strip();
        if (it.isEmpty()) {
          continue;
        }
        entry++;
        int eq = it.indexOf('=');
        if (eq <= 0) {
          problems.add(source + ": entry " + entry + " is not keyId=base64key");
          continue;
        }
        String id = it.substring(0, eq).strip();
        String material = it.substring(eq + 1).strip();
        if (!KEY_ID.matcher(id).matches()) {
          problems.add(source + ": entry " + entry + ": key id '" + id + "' may only use letters, digits, '.', '_', '-'"
              + " (at most 64)");
          continue;
        }
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(material);
        } catch (IllegalArgumentException e) {
          problems.add(source + ": key '" + id + "' is not valid base64");
          continue;
        }
        if (bytes.length != 32) {
          problems.add(source + ": key '" + id + "' is " + bytes.length + " bytes; AES-256 needs 32 (openssl rand -base64 32)");
          continue;
        }
        if (keys.put(id, new SecretKeySpec(bytes, "AES")) != null) {
          problems.add(source + ": key id '" + id + "' appears twice");
        }
        last = id;
      }
    }
    if (keys.isEmpty() && problems.isEmpty()) {
      problems.add(source + ": holds no key (expected lines keyId=base64key)");
    }
    String current = currentId == null ? last : currentId;
    if (currentId != null && !keys.containsKey(currentId) && problems.isEmpty()) {
      problems.add(source + ": has no key with id '" + currentId + "' (it has: " + String.join(", ", keys.keySet()) + ")");
    }
    if (!problems.isEmpty()) {
      throw new InvalidKeysException(problems);
    }
    return new EncryptionKeys(keys, current);
  }

  public String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  /** The key of that id, or null. */
  SecretKey key(String id) {
    return keys.get(id);
  }

  public Set<String> ids() {
    return new java.util.TreeSet<>(keys.keySet());
  }

  @Override
  public String toString() {
    return "EncryptionKeys[current=" + currentId + ", ids=" + ids() + "]";
  }
}
