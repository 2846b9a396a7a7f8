package com.upgradectl.worker.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload (workflow and activity inputs and results, signals, queries, updates,
 * failure messages) with AES-256-GCM: a random 12-byte nonce per payload, the nonce followed by
 * ciphertext and tag as data, and in its metadata {@value #ENCODING} and the key id, so keys can
 * rotate. Decoding leaves payloads that are not encrypted as they are (histories from before
 * encryption was switched on stay readable). Search attributes are not payloads of this kind: they
 * stay readable to the server (they are indexed).
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String METADATA_ENCODING = "encoding";
  public static final String METADATA_KEY_ID = "encryption-key-id";
  public static final String METADATA_CIPHER = "encryption-cipher";
  static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFrom(ENCODING, StandardCharsets.UTF_8);

  private final EncryptionKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(EncryptionKeys keys) {
    this.keys = keys;
  }

  /** The SDK's default converter with this codec on every payload, failure messages included. */
  public static DataConverter dataConverter(EncryptionKeys keys) {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(keys)), true);
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with key id '" + keys.currentId() + "': " + e, e);
    }
    byte[] data = new byte[NONCE_BYTES + sealed.length];
    System.arraycopy(nonce, 0, data, 0, NONCE_BYTES);
    System.arraycopy(sealed, 0, data, NONCE_BYTES, sealed.length);
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
        .putMetadata(METADATA_CIPHER, ByteString.copyFromUtf8(CIPHER))
        .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(keys.currentId()))
        .setData(ByteString.copyFrom(data))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING_BYTES.equals(payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY))) {
      return payload;
    }
    String keyId = payload.getMetadataOrDefault(METADATA_KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = keys.key(keyId);
    if (key == null) {
      throw new PayloadCodecException("cannot decrypt a payload encrypted with key id '" + keyId
          + "': this process has no key of that id (it has: " + String.join(", ", keys.ids())
          + "); add that key to its key file or UPGRADECTL_ENCRYPTION_KEY");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("cannot decrypt a payload encrypted with key id '" + keyId + "': it is truncated");
    }
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException("cannot decrypt a payload encrypted with key id '" + keyId
          + "': the key of that id is not the one it was encrypted with, or the payload was altered", e);
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException("cannot decrypt a payload encrypted with key id '" + keyId + "': " + e, e);
    }
  }
}
