package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PilotPlanTest {
  private static final PilotPlan PLAN = PilotWorkflowTesting.PLAN;

  @ParameterizedTest
  @ValueSource(ints = {-1, -60, PilotPlan.MAX_SWITCH_BACK_GRACE_MINUTES + 1, Integer.MAX_VALUE})
  void aNegativeOrLongerThan30DaysGracePeriodIsRefusedNamingTheBounds(int minutes) {
    assertThatThrownBy(() -> PLAN.withSwitchBackGrace(minutes).validated())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("switch-back grace period must be between 0 (no switch-back) and 43200 minutes (30 days), was "
            + minutes + " minutes");
  }

  @Test
  void theSwitchedDatabaseIsKeptUnderItsOwnName() {
    PilotPlan plan = PLAN.withSwitchBackGrace(PilotPlan.MAX_SWITCH_BACK_GRACE_MINUTES).validated();

    assertThat(plan.switchBackGraceMinutes()).isEqualTo(43200);
    assertThat(plan.switchedBackDatabase()).isEqualTo("servicedesk_v2_switched_back");
  }

  /** Plans in histories written before switch-back existed have no grace period: they switch as they always did. */
  @Test
  void aPlanWithoutTheGraceFieldReadsAsNoSwitchBack() {
    String json = "{\"serverProfile\":\"local\",\"productionDatabase\":\"servicedesk\","
        + "\"pilotDatabase\":\"servicedesk_v2_pilot\",\"archiveDatabase\":\"servicedesk_v1_archive\","
        + "\"upgradePackage\":{\"location\":\"/p\",\"digest\":\"d\",\"name\":\"servicedesk\",\"fromVersion\":\"1\","
        + "\"toVersion\":\"2\"},\"parallelism\":2}";
    Payload payload = Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
        .build();

    PilotPlan plan = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, PilotPlan.class, PilotPlan.class);

    assertThat(plan.switchBackGraceMinutes()).isZero();
    assertThat(plan.switchedBackName()).isNull();
    assertThat(plan.parallelism()).isEqualTo(2);
    assertThat(new PilotPlan("local", "servicedesk", "p", "a", plan.upgradePackage(), 2).switchBackGraceMinutes())
        .isZero();
  }

  @Test
  void theSwitchedBackNameIsTheOperatorsOrTheDefaultAndMustDifferFromTheOthers() {
    PilotPlan plan = PilotPlan.withDefaults("local", "servicedesk", null, null,
        new com.upgradectl.workflows.common.PackageRef("/p", "d", "servicedesk", "1", "2"), 2).withSwitchBackGrace(60);

    assertThat(plan.validated().switchedBackDatabase()).isEqualTo("servicedesk_v2_switched_back");
    assertThat(plan.withSwitchedBackName("desk_kept").validated().switchedBackDatabase()).isEqualTo("desk_kept");
    assertThatThrownBy(() -> plan.withSwitchedBackName(plan.archiveDatabase()).validated())
        .hasMessageContaining("must differ from the production, pilot and archive names");
    assertThatThrownBy(() -> plan.withSwitchBackGrace(0).withSwitchedBackName("desk_kept").validated())
        .hasMessageContaining("needs a switch-back grace period");
  }
}
