package com.upgradectl.worker.codec;

import java.util.Set;

/**
 * Payload encryption of the worker: the keys, where they came from (for the start log; never the
 * keys), and whether the worker serves the Web UI's remote codec, for which UI origins.
 */
public record EncryptionSettings(EncryptionKeys keys, String keySource, boolean codecEndpoint, Set<String> allowOrigins) {
  public EncryptionSettings {
    allowOrigins = Set.copyOf(allowOrigins);
  }

  public String describe() {
    return "aes-256-gcm keys=" + keys.ids() + " current=" + keys.currentId() + " from " + keySource
        + (codecEndpoint ? " codecEndpoint=/codec allowOrigins=" + allowOrigins.stream().sorted().toList() : "");
  }
}
