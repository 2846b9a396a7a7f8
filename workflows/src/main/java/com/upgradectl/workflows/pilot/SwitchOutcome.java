package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.TableCheck;
import java.util.List;

/**
 * How a switch attempt ended.
 *
 * @param message for the operator: the refusal reasons, or what failed and what was undone
 * @param verification the last verification the switch made (empty if it got no that far)
 */
record SwitchOutcome(Kind kind, String message, List<TableCheck> verification) {
  enum Kind {
    /** The pilot is production now. */
    SWITCHED,
    /** A guardrail refused the switch; nothing was changed. */
    REFUSED,
    /** A step failed and every step done was undone: production is as it was, the pilot intact. */
    ROLLED_BACK,
    /** A step failed and some of its compensations failed too: production needs a human. */
    ROLLBACK_INCOMPLETE
  }
}
