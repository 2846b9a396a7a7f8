package com.upgradectl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.time.OffsetDateTime;

/** Reads `status -o json` back into the workflow's status, its history entries turned back into the workflow's lines. */
final class StatusJsonReader {
  private StatusJsonReader() {}

  static PilotStatus pilot(String json) throws Exception {
    ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(json);
    ArrayNode lines = Json.MAPPER.createArrayNode();
    for (JsonNode entry : tree.path("history")) {
      String at = entry.path("at").isTextual() ? OffsetDateTime.parse(entry.path("at").asText()).toInstant() + " " : "";
      lines.add(at + entry.path("text").asText());
    }
    tree.set("history", lines);
    tree.remove("warnings");
    return Json.MAPPER.treeToValue(tree, PilotStatus.class);
  }
}
