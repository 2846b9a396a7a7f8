package com.upgradectl.activities.progress;

import io.temporal.activity.ActivityInfo;

/** Gives each activity execution its sink, knowing which workflow runs it. */
@FunctionalInterface
public interface ProgressSinkFactory {
  ProgressSinkFactory NONE = activity -> ProgressSink.NONE;

  ProgressSink open(ActivityInfo activity);
}
