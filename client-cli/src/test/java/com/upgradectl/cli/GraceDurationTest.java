package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraceDurationTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "30m, 30", "90m, 90", "2h, 120", "2H, 120", "1d12h, 2160", "1d2h30m, 1590", "30d, 43200"})
  void readsDaysHoursAndMinutes(String text, int minutes) {
    assertThat(GraceDuration.minutes(text)).isEqualTo(minutes);
  }
}
