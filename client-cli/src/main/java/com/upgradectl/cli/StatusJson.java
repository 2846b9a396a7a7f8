package com.upgradectl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What `status -o json` prints: the workflow id, the status's own fields, its history as entries
 * (at, kind, text, fields; see {@link HistoryEntry}) and the warnings gathered in a list of their own.
 */
final class StatusJson {
  private StatusJson() {}

  static ObjectNode of(String workflowId, Object status, List<String> history, ZoneId zone) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("workflowId", workflowId);
    json.setAll((ObjectNode) Json.MAPPER.valueToTree(status));
    List<HistoryEntry> entries = HistoryEntry.parseAll(history);
    json.set("history", Json.MAPPER.valueToTree(entries.stream().map(e -> e.json(zone)).toList()));
    Set<String> warnings = new LinkedHashSet<>();
    entries.forEach(e -> warnings.addAll(e.warnings()));
    json.set("warnings", Json.MAPPER.valueToTree(List.copyOf(warnings)));
    return json;
  }
}
