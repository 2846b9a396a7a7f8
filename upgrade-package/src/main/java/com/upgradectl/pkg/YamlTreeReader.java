package com.upgradectl.pkg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads YAML into {@link YamlNode}s with the line of every key and value. Jackson's tree model
 * drops positions, so the tree is built from the streaming parser's token locations.
 */
final class YamlTreeReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  /** The YAML text is not well-formed; {@code location} is where the parser gave up. */
  static final class SyntaxError extends Exception {
    final transient SourceLocation location;

    SyntaxError(SourceLocation location, String message) {
      super(message);
      this.location = location;
    }
  }

  private final String file;
  private final JsonParser parser;

  private YamlTreeReader(String file, JsonParser parser) {
    this.file = file;
    this.parser = parser;
  }

  /** @return the document's root node, or null for an empty document */
  static YamlNode read(String file, String text) throws SyntaxError {
    try (JsonParser parser = FACTORY.createParser(text)) {
      YamlTreeReader reader = new YamlTreeReader(file, parser);
      JsonToken first = parser.nextToken();
      return first == null ? null : reader.node(first);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new SyntaxError(new SourceLocation(file, Math.max(line, 0)), "YAML syntax: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading from a String: cannot happen
    }
  }

  private YamlNode node(JsonToken token) throws IOException {
    SourceLocation at = here();
    if (token == null) {
      throw new IllegalStateException("YAML ended inside a mapping or list at " + at);
    }
    switch (token) {
      case START_OBJECT:
        return mapping(at);
      case START_ARRAY:
        return sequence(at);
      case VALUE_NULL:
        return new YamlNode.Scalar(null, at);
      default:
        if (token.isScalarValue()) {
          return new YamlNode.Scalar(parser.getText(), at);
        }
        throw new IllegalStateException("unexpected YAML token " + token + " at " + at);
    }
  }

  private YamlNode.Mapping mapping(SourceLocation at) throws IOException {
    List<YamlNode.Entry> entries = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      String key = parser.currentName();
      SourceLocation keyAt = here();
      entries.add(new YamlNode.Entry(key, keyAt, node(parser.nextToken())));
    }
    return new YamlNode.Mapping(List.copyOf(entries), at);
  }

  private YamlNode.Sequence sequence(SourceLocation at) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      items.add(node(token));
    }
    return new YamlNode.Sequence(List.copyOf(items), at);
  }

  private SourceLocation here() {
    return new SourceLocation(file, parser.currentTokenLocation().getLineNr());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not well-formed";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
