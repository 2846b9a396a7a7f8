package com.upgradectl.worker.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Temporal Web UI's remote codec ("Codec Server endpoint" in the UI's settings, or
 * TEMPORAL_CODEC_ENDPOINT of the UI server): {@code POST /codec/decode} and {@code POST /codec/encode}
 * take {@code {"payloads":[{"metadata":{"encoding":"<base64>",…},"data":"<base64>"}]}} and answer
 * the same shape. The UI calls it from the operator's browser, so it answers CORS preflights for the
 * configured origins (headers content-type, x-namespace, authorization).
 */
public final class CodecEndpoint implements HttpHandler {
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PayloadCodec codec;
  private final Set<String> allowedOrigins;

  /** @param allowedOrigins origins of the Web UI, e.g. https://temporal-ui.example.internal; "*" allows any */
  public CodecEndpoint(PayloadCodec codec, Set<String> allowedOrigins) {
    this.codec = codec;
    this.allowedOrigins = Set.copyOf(allowedOrigins);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      boolean originAllowed = origin != null && (allowedOrigins.contains(origin) || allowedOrigins.contains("*"));
      if (originAllowed) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        exchange.getResponseHeaders().set("Access-Control-Allow-Credentials", "true");
        exchange.getResponseHeaders().add("Vary", "Origin");
      }
      String path = exchange.getRequestURI().getPath();
      boolean decode = path.equals("/codec/decode");
      if (!decode && !path.equals("/codec/encode")) {
        send(exchange, 404, error("unknown path; use /codec/decode or /codec/encode"));
        return;
      }
      if ("OPTIONS".equals(exchange.getRequestMethod())) {
        if (!originAllowed) {
          send(exchange, 403, error("origin " + origin + " is not allowed (encryption.codecEndpoint.allowOrigins)"));
          return;
        }
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "content-type,x-namespace,authorization");
        exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
        send(exchange, 405, error("use POST"));
        return;
      }
      if (origin != null && !originAllowed) {
        send(exchange, 403, error("origin " + origin + " is not allowed (encryption.codecEndpoint.allowOrigins)"));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        send(exchange, 413, error("request larger than " + MAX_BODY_BYTES + " bytes"));
        return;
      }
      List<Payload> payloads;
      try {
        payloads = parse(JSON.readTree(body));
      } catch (IOException | IllegalArgumentException e) {
        send(exchange, 400, error("not a {\"payloads\":[{\"metadata\":{...},\"data\":\"<base64>\"}]} body: " + e.getMessage()));
        return;
      }
      List<Payload> result;
      try {
        result = decode ? codec.decode(payloads) : codec.encode(payloads);
      } catch (PayloadCodecException e) {
        send(exchange, 400, error(e.getMessage()));
        return;
      }
      send(exchange, 200, render(result));
    }
  }

  static List<Payload> parse(JsonNode root) {
    JsonNode array = root == null ? null : root.get("payloads");
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("no payloads array");
    }
    List<Payload> payloads = new ArrayList<>();
    for (JsonNode node : array) {
      Payload.Builder payload = Payload.newBuilder();
      JsonNode metadata = node.get("metadata");
      if (metadata != null && metadata.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          payload.putMetadata(entry.getKey(), ByteString.copyFrom(Base64.getDecoder().decode(entry.getValue().asText())));
        }
      }
      JsonNode data = node.get("data");
      if (data != null && !data.isNull()) {
        payload.setData(ByteString.copyFrom(Base64.getDecoder().decode(data.asText())));
      }
      payloads.add(payload.build());
    }
    return payloads;
  }

  static ObjectNode render(List<Payload> payloads) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("payloads");
    Base64.Encoder base64 = Base64.getEncoder();
    for (Payload payload : payloads) {
      ObjectNode node = array.addObject();
      ObjectNode metadata = node.putObject("metadata");
      payload.getMetadataMap().forEach((k, v) -> metadata.put(k, base64.encodeToString(v.toByteArray())));
      node.put("data", base64.encodeToString(payload.getData().toByteArray()));
    }
    return root;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
