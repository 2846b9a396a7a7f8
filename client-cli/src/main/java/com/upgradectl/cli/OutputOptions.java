package com.upgradectl.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, for people or for scripts. */
final class OutputOptions {
  enum Format { text, json }

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "text|json",
      description = "text (default) or json")
  Format format;

  boolean json() {
    return format == Format.json;
  }
}
