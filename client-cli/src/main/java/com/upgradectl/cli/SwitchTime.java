package com.upgradectl.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The time given to {@code pilot switch --at}: ISO-8601 (with or without offset), or HH:mm local
 * time meaning the next such time (tomorrow when today's has passed), as an operator says "at 22:00".
 */
final class SwitchTime {
  private SwitchTime() {}

  static Instant parse(String text, Clock clock) {
    Instant now = clock.instant();
    Instant at = parseAny(text.strip(), clock.getZone(), LocalDate.now(clock), now);
    if (!at.isAfter(now)) {
      throw CommandFailure.badInput("switch time " + text + " (" + Times.shown(at, clock.getZone()) + ") is in the past;"
          + " it is now " + Times.shown(now, clock.getZone()) + ". Give a later time, or leave --at out to switch now");
    }
    return at;
  }


  private static Instant parseAny(String text, ZoneId zone, LocalDate today, Instant now) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    } catch (DateTimeParseException notLocalDateTime) {
      // try the next form
    }
    try {
      LocalTime time = LocalTime.parse(text);
      Instant todays = time.atDate(today).atZone(zone).toInstant();
      return todays.isAfter(now) ? todays : time.atDate(today.plusDays(1)).atZone(zone).toInstant();
    } catch (DateTimeParseException notLocalTime) {
      throw CommandFailure.badInput("--at '" + text + "' is not a time: use ISO-8601 (2030-05-01T22:00:00+02:00,"
          + " 2030-05-01T22:00) or HH:mm for the next such time, local time (" + zone + ")");
    }
  }
}
