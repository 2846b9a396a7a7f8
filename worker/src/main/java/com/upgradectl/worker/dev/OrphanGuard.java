package com.upgradectl.worker.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * PostgreSQL's postmaster does not die with the JVM that started it: a dev worker killed with -9
 * would leave it running. A small shell process watches this JVM and, once it is gone, stops the
 * server (immediate shutdown, by the pid in its postmaster.pid) and removes its data directory.
 * Closing the guard (the normal shutdown path) ends the watch without touching anything.
 */
final class OrphanGuard implements AutoCloseable {
  private static final String SCRIPT = """
      while kill -0 "$1" 2>/dev/null; do sleep 1; done
      pid=$(head -n 1 "$2/postmaster.pid" 2>/dev/null) || exit 0
      [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null
      sleep 2
      rm -rf "$2"
      """;

  private final Process watcher;

  private OrphanGuard(Process watcher) {
    this.watcher = watcher;
  }

  static OrphanGuard watch(Path dataDirectory) {
    try {
      Process watcher = new ProcessBuilder("sh", "-c", SCRIPT, "upgradectl-orphan-guard",
          String.valueOf(ProcessHandle.current().pid()), dataDirectory.toAbsolutePath().toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return new OrphanGuard(watcher);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the guard that stops PostgreSQL if this process is killed", e);
    }
  }

  @Override
  public void close() {
    watcher.destroy();
  }
}
