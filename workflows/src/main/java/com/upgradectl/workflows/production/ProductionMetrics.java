package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.UpgradeMeters;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a production upgrade reports to the worker's metrics ({@link UpgradeMeters}), read off its
 * phase changes: the phase, each step's duration (the time spent in its phase: preflight, block,
 * safety_copy, migrations, verify, unblock, cleanup, restore) and last success, the failures
 * (preflight refused, the upgrade failed and was undone, the restore incomplete), and the tables the
 * verification found different.
 */
final class ProductionMetrics {
  private static final Map<ProductionPhase, String> STEPS = Map.of(ProductionPhase.PREFLIGHT, "preflight",
      ProductionPhase.BLOCKING, "block", ProductionPhase.SAFETY_COPY, "safety_copy",
      ProductionPhase.MIGRATING, "migrations", ProductionPhase.VERIFYING, "verify",
      ProductionPhase.UNBLOCKING, "unblock", ProductionPhase.CLEANUP, "cleanup", ProductionPhase.RESTORING, "restore");

  private final Supplier<ProductionStatus> status;
  private final UpgradeMeters meters;
  private Long phaseEnteredAt;
  private boolean failureCounted;

  /**
   * @param plan the upgrade's plan (null until the workflow method has it)
   * @param status the workflow's status, read at each phase change
   */
  ProductionMetrics(Supplier<ProductionPlan> plan, Supplier<ProductionStatus> status) {
    this.status = status;
    this.meters = new UpgradeMeters(() -> plan.get() == null ? null : plan.get().serverProfile(),
        () -> plan.get() == null ? null : plan.get().productionDatabase());
  }

  /** The run starts in {@code phase}: the upgrade shows in the metrics (and its counters at zero) from now on. */
  void started(ProductionPhase phase) {
    phaseEnteredAt = Workflow.currentTimeMillis();
    meters.phase(null, phase.name());
  }

  /** Called as the workflow leaves {@code left} for {@code entered}. */
  void phase(ProductionPhase left, ProductionPhase entered) {
    long now = Workflow.currentTimeMillis();
    String step = STEPS.get(left);
    if (step != null && left != entered) {
      long since = phaseEnteredAt != null ? phaseEnteredAt : Workflow.getInfo().getRunStartedTimestampMillis();
      meters.step(step, now - since);
      boolean failed = entered == ProductionPhase.RESTORING || entered == ProductionPhase.RESTORED
          || entered == ProductionPhase.FAILED;
      if (!failed) {
        meters.succeeded(step);
      } else if (left == ProductionPhase.RESTORING) {
        if (entered == ProductionPhase.FAILED) {
          meters.failed("restore");
        } else {
          meters.succeeded("restore");
        }
      } else if (!failureCounted) {
        failureCounted = true;
        meters.failed(left == ProductionPhase.PREFLIGHT ? "preflight" : "upgrade");
      }
      if (left == ProductionPhase.VERIFYING) {
        ProductionVerification verification = status.get().verification();
        List<TableCheck> tables = verification == null ? List.of() : verification.tables();
        meters.mismatches(tables);
      }
    }
    if (entered == ProductionPhase.UPGRADED) {
      meters.succeeded("upgrade");
    }
    phaseEnteredAt = now;
    meters.phase(left == null ? null : left.name(), entered.name());
  }
}
