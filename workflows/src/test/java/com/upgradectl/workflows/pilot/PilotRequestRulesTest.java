package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PilotRequestRulesTest {
  private static final long NOW = Instant.parse("2026-06-01T10:00:00Z").toEpochMilli();
  private static final Set<PilotPhase> READY_OR_SCHEDULED = EnumSet.of(PilotPhase.READY, PilotPhase.SWITCH_SCHEDULED);

  @ParameterizedTest
  @EnumSource(PilotPhase.class)
  void refreshOnlyWhenReady(PilotPhase phase) {
    if (phase == PilotPhase.READY) {
      assertThatCode(() -> PilotRequestRules.requireRefreshAllowed(phase)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> PilotRequestRules.requireRefreshAllowed(phase))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("refresh is not allowed while " + phase + ": ");
    }
  }

  @ParameterizedTest
  @EnumSource(PilotPhase.class)
  void switchOnlyWhenReadyOrScheduled(PilotPhase phase) {
    if (READY_OR_SCHEDULED.contains(phase)) {
      assertThatCode(() -> PilotRequestRules.requireSwitchAllowed(phase, SwitchRequest.now(), NOW)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> PilotRequestRules.requireSwitchAllowed(phase, SwitchRequest.now(), NOW))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("switch is not allowed while " + phase + ": ");
    }
  }

  @ParameterizedTest
  @EnumSource(PilotPhase.class)
  void cancelSwitchOnlyWhenScheduled(PilotPhase phase) {
    if (phase == PilotPhase.SWITCH_SCHEDULED) {
      assertThatCode(() -> PilotRequestRules.requireCancelSwitchAllowed(phase)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> PilotRequestRules.requireCancelSwitchAllowed(phase))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cancel-switch is not allowed while " + phase + ": ");
    }
  }

  @ParameterizedTest
  @EnumSource(PilotPhase.class)
  void abandonOnlyWhenReadyOrScheduled(PilotPhase phase) {
    if (READY_OR_SCHEDULED.contains(phase)) {
      assertThatCode(() -> PilotRequestRules.requireAbandonAllowed(phase)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> PilotRequestRules.requireAbandonAllowed(phase))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("abandon is not allowed while " + phase + ": ");
    }
  }

  @Test
  void theReasonSaysWhatToDo() {
    assertThatThrownBy(() -> PilotRequestRules.requireRefreshAllowed(PilotPhase.SWITCHING))
        .hasMessage("refresh is not allowed while SWITCHING: wait for the switch to finish");
    assertThatThrownBy(() -> PilotRequestRules.requireRefreshAllowed(PilotPhase.SWITCHED))
        .hasMessage("refresh is not allowed while SWITCHED: the pilot is production now; nothing is left to refresh");
    assertThatThrownBy(() -> PilotRequestRules.requireRefreshAllowed(PilotPhase.SWITCH_SCHEDULED))
        .hasMessage("refresh is not allowed while SWITCH_SCHEDULED: a switch is scheduled; cancel it first (cancel-switch)");
  }

  @Test
  void aSwitchTimeInThePastIsRefusedNamingBothTimes() {
    SwitchRequest past = new SwitchRequest(Instant.parse("2026-06-01T09:59:59Z"));

    assertThatThrownBy(() -> PilotRequestRules.requireSwitchAllowed(PilotPhase.READY, past, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("switch time 2026-06-01T09:59:59Z is in the past (now it is 2026-06-01T10:00:00Z):"
            + " give a future time, or none to switch now");
  }

  @Test
  void aSwitchTimeOfNowOrLaterIsAccepted() {
    assertThatCode(() -> PilotRequestRules.requireSwitchAllowed(PilotPhase.READY,
        new SwitchRequest(Instant.ofEpochMilli(NOW)), NOW)).doesNotThrowAnyException();
  }

  @Test
  void aMissingSwitchRequestIsRefused() {
    assertThatThrownBy(() -> PilotRequestRules.requireSwitchAllowed(PilotPhase.READY, null, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switch request is missing");
  }

  @ParameterizedTest
  @EnumSource(PilotPhase.class)
  void switchBackOnlyWhenSwitchedAndWithinThePeriod(PilotPhase phase) {
    Instant until = Instant.ofEpochMilli(NOW).plusSeconds(60);
    if (phase == PilotPhase.SWITCHED) {
      assertThatCode(() -> PilotRequestRules.requireSwitchBackAllowed(phase, until, NOW)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> PilotRequestRules.requireSwitchBackAllowed(phase, until, NOW))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("switch-back is not allowed while " + phase + ": ");
    }
  }

  @Test
  void switchBackAfterThePeriodIsRefusedNamingItsEnd() {
    Instant until = Instant.ofEpochMilli(NOW);
    assertThatThrownBy(() -> PilotRequestRules.requireSwitchBackAllowed(PilotPhase.SWITCHED, until, NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the switch-back period ended at " + until);
  }

  @Test
  void switchBackWithoutAGracePeriodIsRefusedSayingSo() {
    assertThatThrownBy(() -> PilotRequestRules.requireSwitchBackAllowed(PilotPhase.SWITCHED, null, NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no switch-back grace period was set");
  }
}
