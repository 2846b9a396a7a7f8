package com.upgradectl.activities.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.testing.CopyFixture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import streams: two million rows (about 300 MB) pass through a worker JVM whose heap is 256 MB.
 * Only that it finished is checked here; how fast is the benchmark's business.
 */
class ImportHeapBoundedTest {
  private static final long ROWS = 2_000_000;
  private static final String MAX_HEAP = "-Xmx256m";

  private static EmbeddedPostgres postgres;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void twoMillionWideRowsImportInA256MegabyteHeap() throws Exception {
    CopyFixture fixture = CopyFixture.empty(postgres, "heap");
    Path output = dir.resolve("import.out");
    // the child's own heap, not this JVM's; an OutOfMemoryError ends it at once even where a catch would hide it
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        MAX_HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        BoundedHeapImportMain.class.getName(), fixture.connections.profile("embedded").serverUrl(),
        fixture.production, fixture.pilot, Long.toString(ROWS))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean finished;
    try {
      // a safety net against a hung child, not a speed check
      finished = child.waitFor(10, TimeUnit.MINUTES);
    } finally {
      child.destroyForcibly();
    }
    String printed = Files.readString(output);

    assertThat(finished).as("the import did not finish:\n%s", printed).isTrue();
    assertThat(printed).as("the import ran out of heap under %s", MAX_HEAP).doesNotContain("OutOfMemoryError");
    assertThat(child.exitValue()).as("the import failed:\n%s", printed).isZero();
    assertThat(printed).contains(BoundedHeapImportMain.ROWS_LINE + ROWS);
    assertThat(fixture.count(fixture.pilot, BoundedHeapImportMain.TABLE)).isEqualTo(ROWS);
  }
}
