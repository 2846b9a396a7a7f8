package com.upgradectl.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an upgrade's history read back into its time, its kind and the figures and names it
 * carries, for scripts ({@code status -o json}) and for people (the text, times with their offset,
 * figures in the CLI's one format).
 *
 * <p>The workflow records each line as "ISO instant + sentence" (runs already under way carry such
 * lines too), so the kinds are recognised by the sentence's fixed wording; a line no rule knows is
 * kind {@code note}, its text intact.
 *
 * @param at when the workflow recorded it; null when the line carries no time
 * @param kind what happened, e.g. {@code imported}, {@code renamed}, {@code warning}
 * @param text the sentence as the workflow wrote it, without the time
 * @param fields what the sentence names: databases, counts (numbers), the preflight's warnings (a list)
 */
record HistoryEntry(Instant at, String kind, String text, Map<String, Object> fields) {
  static final String NOTE = "note";
  static final String WARNING = "warning";

  /** Field groups holding a count: given to scripts as numbers. */
  private static final List<String> NUMBERS = List.of("rows", "tables", "bytes", "millis", "refresh", "changedKeys",
      "applyMillis", "pendingKeys", "sessionsEnded", "migrations", "events");

  private record Rule(String kind, Pattern pattern, List<String> groups) {
    static Rule of(String kind, String regex, String... groups) {
      return new Rule(kind, Pattern.compile(regex), List.of(groups));
    }
  }

  // most specific first: the first rule that matches names the kind
  private static final List<Rule> RULES = List.of(
      Rule.of("preflight-passed", "^preflight passed: (?<platform>[^,;]+)(?:.*?about (?<rows>\\d+) rows)?"
          + "(?:.*?; warnings: (?<warnings>.*))?$", "platform", "rows", "warnings"),
      Rule.of("created", "^created (?<database>\\S+)$", "database"),
      Rule.of("change-capture-started", "^capturing the writes to the data-record tables of (?<database>\\S+) by key",
          "database"),
      Rule.of("imported", "^imported (?<tables>\\d+) tables, (?<rows>\\d+) rows, (?<bytes>\\d+) bytes in"
          + " (?<millis>\\d+) ms; verified", "tables", "rows", "bytes", "millis"),
      Rule.of("configuration-baseline", "^took the configuration baseline of (?<tables>\\d+) tables", "tables"),
      Rule.of("pilot-mode", "^ran the pilot-mode statements"),
      Rule.of("refreshed", "^refresh #(?<refresh>\\d+) done: (?:(?<changedKeys>\\d+) changed keys applied to \\d+"
          + " tables? in (?<applyMillis>\\d+) ms|(?<rows>\\d+) rows re-imported)?", "refresh", "changedKeys",
          "applyMillis", "rows"),
      Rule.of("refresh-failed", "^refresh #(?<refresh>\\d+)(?: failed at step '(?<step>[^']*)'|:)", "refresh", "step"),
      Rule.of("refresh-requested", "^refresh requested$"),
      Rule.of("switch-requested", "^switch requested now"),
      Rule.of("switch-scheduled", "^switch scheduled at (?<switchAt>\\S+)", "switchAt"),
      Rule.of("switch-cancelled", "^the switch scheduled at (?<switchAt>\\S+) was cancelled", "switchAt"),
      Rule.of("switch-time-reached", "^the scheduled switch time (?<switchAt>\\S+) has come", "switchAt"),
      Rule.of("switch-forecast", "^switch forecast: .*?\\((?<pendingKeys>\\d+) changed keys pending\\)", "pendingKeys"),
      Rule.of("froze", "^froze (?<database>\\S+)", "database"),
      Rule.of("no-write-since-freeze", "^no write reached (?<database>\\S+) since the freeze", "database"),
      Rule.of("renamed", "^renamed (?<from>\\S+)(?: \\([^)]*\\))? to (?<to>\\S+)$", "from", "to"),
      Rule.of("offline", "^took (?<database>\\S+) offline$", "database"),
      Rule.of("online", "^brought (?<database>\\S+) online$", "database"),
      Rule.of("switched", "^post-switch check passed: (?<database>\\S+) is the new production", "database"),
      Rule.of("switch-back-possible", "^switch-back possible until (?<until>\\S+)", "until"),
      Rule.of("switch-back-requested", "^switch-back requested$"),
      Rule.of("rows-written-since-switch", "^rows written to (?<database>\\S+) since the switch", "database"),
      Rule.of("switched-back", "^switched back: "),
      Rule.of("undone", "^undone: (?<what>.*)$", "what"),
      Rule.of("undo-failed", "^COULD NOT UNDO: (?<what>.*)$", "what"),
      Rule.of("skipped", "^NOT done, because an earlier undo step failed: (?<what>.*)$", "what"),
      Rule.of("error", "^COULD NOT "),
      Rule.of(WARNING, "^WARNING: "),
      Rule.of(WARNING, "could not be removed from (?<database>\\S+) \\(", "database"),
      Rule.of("step-failed", "^(?<what>.*); undoing$", "what"),
      Rule.of("continued-as-new", "^continu(?:ing|ed) as a new run(?: after (?<events>\\d+) history events)?", "events"),
      Rule.of("pilot-dropped", "^dropped the pilot database (?<database>[^;\\s]+)", "database"),
      Rule.of("safety-copy-dropped", "^dropped the safety copy (?<database>\\S+)$", "database"),
      Rule.of("migration-history-dropped", "^dropped the migration history table of (?<database>\\S+)$", "database"),
      // production upgrade
      Rule.of("blocked", "^blocked (?<database>\\S+): (?<sessionsEnded>\\d+) application session", "database",
          "sessionsEnded"),
      Rule.of("session-ended", "^ended session on (?<database>\\S+): (?<session>.*)$", "database", "session"),
      Rule.of("safety-copy-created", "^created the safety copy (?<database>\\S+) of (?<production>\\S+)$", "database",
          "production"),
      Rule.of("fingerprinted", "^fingerprinted (?<tables>\\d+) tables of (?<database>\\S+)", "tables", "database"),
      Rule.of("migrated", "^applied (?<migrations>\\d+) migration\\(s\\) to (?<database>\\S+):", "migrations", "database"),
      Rule.of("verified", "^verified (?<database>\\S+): ", "database"),
      Rule.of("unblocked", "^unblocked (?<database>\\S+):", "database"),
      Rule.of("upgraded", "^production (?<database>\\S+) is upgraded to version (?<version>\\S+)$", "database",
          "version"));

  /** Reads one history line ("2030-05-01T10:00:00Z created servicedesk_v2_pilot"). */
  static HistoryEntry parse(String line) {
    Instant at = null;
    String text = line == null ? "" : line;
    int space = text.indexOf(' ');
    if (space > 0) {
      try {
        at = Instant.parse(text.substring(0, space));
        text = text.substring(space + 1);
      } catch (DateTimeParseException e) {
        // a line without a time of its own: kept whole
      }
    }
    for (Rule rule : RULES) {
      Matcher matched = rule.pattern().matcher(text);
      if (matched.find()) {
        return new HistoryEntry(at, rule.kind(), text, fields(rule, matched));
      }
    }
    return new HistoryEntry(at, NOTE, text, Map.of());
  }

  static List<HistoryEntry> parseAll(List<String> lines) {
    return lines == null ? List.of() : lines.stream().map(HistoryEntry::parse).toList();
  }

  private static Map<String, Object> fields(Rule rule, Matcher matched) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String group : rule.groups()) {
      String value = matched.group(group);
      if (value == null) {
        continue;
      }
      if (group.equals("warnings")) {
        fields.put(group, Arrays.stream(value.split("; ")).map(String::strip).filter(w -> !w.isEmpty()).toList());
      } else if (NUMBERS.contains(group)) {
        fields.put(group, Long.parseLong(value));
      } else {
        fields.put(group, value);
      }
    }
    return fields;
  }

  /** What the operator should know from this entry: the preflight's warnings, or the entry itself when it is one. */
  List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (fields.get("warnings") instanceof List<?> listed) {
      listed.forEach(w -> warnings.add(String.valueOf(w)));
    }
    if (kind.equals(WARNING)) {
      warnings.add(text.startsWith("WARNING: ") ? text.substring("WARNING: ".length()) : text);
    }
    return warnings;
  }

  /** The entry as people read it: its time in the zone with the offset, the sentence with its figures formatted. */
  String shown(ZoneId zone) {
    return (at == null ? "" : Times.shown(at, zone) + "  ") + Figures.inText(text);
  }

  /** The entry for scripts: at (ISO-8601 with the offset), kind, text, then its fields. */
  Map<String, Object> json(ZoneId zone) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", at == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone)));
    json.put("kind", kind);
    json.put("text", text);
    fields.forEach(json::putIfAbsent);
    return json;
  }
}
