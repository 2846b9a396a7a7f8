package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.TableProgress;
import java.util.Locale;

/** Renders a {@link PilotStatus} as the markdown the Temporal UI shows as the workflow's current details. */
final class CurrentDetails {
  private CurrentDetails() {}

  static String render(PilotStatus status) {
    StringBuilder md = new StringBuilder();
    md.append("**Phase:** ").append(status.phase());
    if (status.step() != null) {
      md.append(" · **Step:** ").append(status.step());
    }
    md.append('\n');
    if (status.scheduledSwitchAt() != null) {
      md.append("\n**Switch scheduled at:** ").append(status.scheduledSwitchAt()).append('\n');
    }
    if (status.switchBackUntil() != null) {
      md.append("\n**Switch-back possible until:** ").append(status.switchBackUntil()).append('\n');
    }
    if (status.switchBackReport() != null) {
      md.append("\n**Rows written since the switch:** ").append(SwitchBackSaga.summary(status.switchBackReport()))
          .append('\n');
    }
    if (status.refreshCount() > 0) {
      md.append("\n**Refreshes:** ").append(status.refreshCount()).append('\n');
    }
    if (!status.configurationDrift().isEmpty()) {
      md.append("\n**Configuration changed in production since the pilot was created:** ")
          .append(String.join(", ", status.configurationDrift())).append('\n');
    }
    if (status.failure() != null) {
      md.append("\n**Last failure:** ").append(status.failure()).append('\n');
    }
    if (!status.progress().isEmpty()) {
      md.append("\n| Table | Rows done | Rows total | % |\n|---|---:|---:|---:|\n");
      for (TableProgress table : status.progress()) {
        md.append("| ").append(table.table())
            .append(" | ").append(String.format(Locale.ROOT, "%,d", table.rowsDone()))
            .append(" | ").append(String.format(Locale.ROOT, "%,d", table.rowsTotal()))
            .append(" | ").append(percent(table)).append(" |\n");
      }
    }
    return md.toString();
  }

  private static String percent(TableProgress table) {
    if (table.done()) {
      return "100%";
    }
    if (table.rowsTotal() <= 0) {
      return "–";
    }
    long percent = Math.min(99, table.rowsDone() * 100 / table.rowsTotal());
    return percent + "%";
  }
}
