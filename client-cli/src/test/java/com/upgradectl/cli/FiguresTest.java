package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.pilot.SwitchBackReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One number format in every command: 28,802 rows, 33.5 MB, 6.2 s, whole rates. */
class FiguresTest {

  @Test
  void figuresHaveOneFormat() {
    assertThat(Figures.rows(28_802)).isEqualTo("28,802");
    assertThat(Figures.megabytes(33_529_384)).isEqualTo("33.5 MB");
    assertThat(Figures.seconds(6_213)).isEqualTo("6.2 s");
    assertThat(Figures.perSecond(1_787_232, 1_000)).as("a whole number, grouped").isEqualTo("1,787,232");
    assertThat(Figures.perSecond(10, 0)).isEqualTo("-");
    assertThat(Figures.percent(999, 1000)).isEqualTo("99%");
    assertThat(Figures.percent(5, 0)).isEqualTo("0%");
  }

  @Test
  void figuresInAWorkflowsTextAreReformattedButNamesTimesAndValuesAreNot() {
    assertThat(Figures.inText("imported 12 tables, 28802 rows, 33529384 bytes in 6213 ms; verified at read point"
        + " 00000003-00000002-1"))
        .isEqualTo("imported 12 tables, 28,802 rows, 33.5 MB in 6.2 s; verified at read point 00000003-00000002-1");
    assertThat(Figures.inText("refresh #1200 done: 15000 changed keys applied to 3 tables in 812 ms"))
        .isEqualTo("refresh #1200 done: 15,000 changed keys applied to 3 tables in 0.8 s");
    assertThat(Figures.inText("switch scheduled at 2030-05-01T20:00:00Z for servicedesk_2024 on 'x 12345'"))
        .isEqualTo("switch scheduled at 2030-05-01T20:00:00Z for servicedesk_2024 on 'x 12345'");
  }

  @Test
  void theForecastsBasisReadsInTheSameFormat() {
    com.upgradectl.workflows.pilot.SwitchForecast forecast = new com.upgradectl.workflows.pilot.SwitchForecast(
        java.time.Instant.parse("2030-05-01T10:00:00Z"), List.of(), 1_500,
        "no refresh by key measured yet: assuming 5000 keys/s; plus about 1500 ms for the freeze and the renames");

    assertThat(ForecastText.render(forecast))
        .contains("assuming 5,000 keys/s; plus about 1.5 s for the freeze and the renames");
  }

  @Test
  void theSwitchBackReportCountsInTheSameFormat() {
    SwitchBackReport report = new SwitchBackReport("servicedesk_v2_switched_back", List.of(
        new SwitchBackReport.TableChanges("tickets", List.of("id"), 28_802, 1_500, 2_000, List.of())), 200,
        "SELECT 1");

    assertThat(SwitchBackText.render(report))
        .contains("  tickets                  28,802 inserted, 1,500 updated, 2,000 deleted\n")
        .contains("(32,302 more not listed here)");
  }

  @Test
  void theDemoSummaryPrintsSizesTimesAndRatesWithTheirUnits() {
    DemoReport report = new DemoReport();
    report.steps.add(new DemoReport.Step("create pilot", "READY", 28_802, 33_529_384, 6_213));

    assertThat(report.summary()).containsPattern("create pilot +28,802 +33\\.5 MB +6\\.2 s +4,636\n");
  }
}
