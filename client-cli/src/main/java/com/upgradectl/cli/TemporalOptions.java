package com.upgradectl.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Where Temporal is: shared by every command that talks to it. */
final class TemporalOptions {
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

  @Option(names = "--temporal-address", paramLabel = "HOST:PORT",
      defaultValue = "${env:UPGRADECTL_TEMPORAL_ADDRESS:-localhost:7233}",
      description = "Temporal frontend (default: ${DEFAULT-VALUE}; env UPGRADECTL_TEMPORAL_ADDRESS)")
  String address;

  @Option(names = "--namespace", paramLabel = "NAMESPACE", defaultValue = "${env:UPGRADECTL_NAMESPACE:-default}",
      description = "Temporal namespace (default: ${DEFAULT-VALUE}; env UPGRADECTL_NAMESPACE)")
  String namespace;

  /**
   * The options to paste into a follow-up command so it talks to the same server: empty for the
   * defaults, otherwise " --temporal-address A --namespace N" as far as they differ.
   */
  String forHints() {
    String hint = "";
    if (address != null && !address.equals("localhost:7233")) {
      hint += " --temporal-address " + address;
    }
    if (namespace != null && !namespace.equals("default")) {
      hint += " --namespace " + namespace;
    }
    return hint;
  }

  TemporalConnection connect() {
    if (address == null || !HOST_PORT.matcher(address).matches()) {
      throw CommandFailure.badInput("--temporal-address '" + address + "' is not host:port (e.g. localhost:7233)");
    }
    return TemporalConnection.open(address, namespace);
  }
}
