package com.upgradectl.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** AES-256-GCM payload codec, its key rotation, and the Web UI's remote codec endpoint. */
class PayloadEncryptionTest {
  private static final String K1 = "k1=" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 = "k2=" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  private static EncryptionKeys keys(String text, String current) throws Exception {
    return EncryptionKeys.parse("test keys", text, current);
  }

  @Test
  void roundTripsWithARandomNonceAndNoPlaintext() throws Exception {
    DataConverter converter = AesGcmPayloadCodec.dataConverter(keys(K1 + "\n" + K2, null));
    Payload a = converter.toPayload("ticket_details").orElseThrow();
    Payload b = converter.toPayload("ticket_details").orElseThrow();

    assertThat(a.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k2");
    assertThat(a.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(a.toByteString().toStringUtf8()).doesNotContain("ticket_details").doesNotContain("json/plain");
    assertThat(a.getData()).as("a fresh nonce per payload").isNotEqualTo(b.getData());
    assertThat(converter.fromPayload(a, String.class, String.class)).isEqualTo("ticket_details");
  }

  @Test
  void oldKeysStillDecryptAfterRotationAndAnUnknownKeyIdIsAClearError() throws Exception {
    Payload underK1 = new AesGcmPayloadCodec(keys(K1, null)).encode(List.of(plain("x"))).get(0);
    assertThat(new AesGcmPayloadCodec(keys(K1 + "," + K2, "k2")).decode(List.of(underK1))).containsExactly(plain("x"));

    assertThatThrownBy(() -> new AesGcmPayloadCodec(keys(K2, null)).decode(List.of(underK1)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessage("cannot decrypt a payload encrypted with key id 'k1': this process has no key of that id (it has: k2);"
            + " add that key to its key file or UPGRADECTL_ENCRYPTION_KEY");
    assertThatThrownBy(() -> new AesGcmPayloadCodec(keys(K2.replace("k2=", "k1="), null)).decode(List.of(underK1)))
        .hasMessageContaining("is not the one it was encrypted with");
  }

  @Test
  void unencryptedPayloadsPassThroughDecoding() throws Exception {
    assertThat(new AesGcmPayloadCodec(keys(K1, null)).decode(List.of(plain("old")))).containsExactly(plain("old"));
  }

  @Test
  void badKeyTextIsNamedWithoutKeyMaterial() {
    assertThatThrownBy(() -> keys("k1=" + Base64.getEncoder().encodeToString(new byte[16]) + "\nnonsense", null))
        .hasMessage("test keys: key 'k1' is 16 bytes; AES-256 needs 32 (openssl rand -base64 32);"
            + " test keys: entry 2 is not keyId=base64key");
    assertThatThrownBy(() -> keys(K1, "k9")).hasMessage("test keys: has no key with id 'k9' (it has: k1)");
  }

  @Test
  void theEndpointAnswersTheWebUisDecodeRequestWithCors() throws Exception {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys(K1, null));
    Payload encrypted = codec.encode(List.of(plain("\"saved_searches\""))).get(0);
    HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/codec", new CodecEndpoint(codec, Set.of("https://ui.example")));
    server.start();
    try {
      String base = "http://localhost:" + server.getAddress().getPort() + "/codec";
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base + "/decode"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://ui.example")
          .header("Access-Control-Request-Headers", "content-type,x-namespace").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://ui.example");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).get().asString()
          .contains("content-type,x-namespace");

      String request = CodecEndpoint.render(List.of(encrypted)).toString();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/decode"))
          .POST(HttpRequest.BodyPublishers.ofString(request)).header("Origin", "https://ui.example")
          .header("Content-Type", "application/json").header("X-Namespace", "default").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://ui.example");
      JsonNode payload = new ObjectMapper().readTree(response.body()).get("payloads").get(0);
      assertThat(new String(Base64.getDecoder().decode(payload.get("data").asText()))).isEqualTo("\"saved_searches\"");
      assertThat(new String(Base64.getDecoder().decode(payload.get("metadata").get("encoding").asText())))
          .isEqualTo("json/plain");

      HttpResponse<String> otherOrigin = http.send(HttpRequest.newBuilder(URI.create(base + "/decode"))
          .POST(HttpRequest.BodyPublishers.ofString(request)).header("Origin", "https://evil.example").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(otherOrigin.statusCode()).isEqualTo(403);
    } finally {
      server.stop(0);
    }
  }

  private static Payload plain(String json) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json)).build();
  }
}
