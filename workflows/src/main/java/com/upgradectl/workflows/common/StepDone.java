package com.upgradectl.workflows.common;

import java.time.Duration;

/** A step that ended, how long it took and whether it failed: the step list of the UI's current details. */
public record StepDone(String step, Duration took, boolean failed) {}
