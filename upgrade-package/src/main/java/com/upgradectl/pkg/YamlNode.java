package com.upgradectl.pkg;

import java.util.List;
import java.util.Optional;

/** package.yaml as a tree that remembers where every key and value was written. */
sealed interface YamlNode {
  SourceLocation location();

  /** What the node is, for messages ("a list", "a mapping", "text"). */
  String kind();

  /** A scalar; {@code text} is null for an empty value or {@code ~}. Numbers and booleans keep their written text. */
  record Scalar(String text, SourceLocation location) implements YamlNode {
    @Override
    public String kind() {
      return text == null ? "empty" : "text";
    }
  }

  record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /** Entries in written order; duplicate keys are kept so that they can be reported. */
  record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
    @Override
    public String kind() {
      return "a mapping";
    }

    /** The first entry with this exact key. */
    Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    Optional<YamlNode> get(String key) {
      return entry(key).map(Entry::value);
    }
  }

  record Entry(String key, SourceLocation keyLocation, YamlNode value) {}
}
