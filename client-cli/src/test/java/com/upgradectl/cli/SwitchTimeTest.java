package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SwitchTimeTest {
  private static final Clock NOON_IN_BERLIN = Clock.fixed(Instant.parse("2030-05-01T10:00:00Z"),
      ZoneId.of("Europe/Berlin"));

  @Test
  void aLaterHourMeansToday() {
    assertThat(SwitchTime.parse("22:00", NOON_IN_BERLIN)).isEqualTo(Instant.parse("2030-05-01T20:00:00Z"));
  }

  @Test
  void anHourThatHasPassedMeansTomorrow() {
    assertThat(SwitchTime.parse("11:59", NOON_IN_BERLIN)).isEqualTo(Instant.parse("2030-05-02T09:59:00Z"));
  }

  @Test
  void aFullTimeInThePastIsRefusedWithBothTimesToTheSecond() {
    assertThatThrownBy(() -> SwitchTime.parse("2030-05-01T11:59:30.123+02:00", NOON_IN_BERLIN))
        .hasMessageContaining("(2030-05-01 11:59:30 +02:00) is in the past;"
            + " it is now 2030-05-01 12:00:00 +02:00");
  }

  @Test
  void theAnswerShowsTheFullDateAndZone() {
    assertThat(Times.shown(Instant.parse("2030-05-02T09:59:00Z"), ZoneId.of("Europe/Berlin")))
        .isEqualTo("2030-05-02 11:59:00 +02:00");
  }
}
