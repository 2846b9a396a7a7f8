package com.upgradectl.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageDigestTest {
  @TempDir Path dir;
  Path pkg;
  String original;

  @BeforeEach
  void writePackage() throws IOException {
    pkg = dir.resolve("pkg");
    Files.createDirectories(pkg.resolve("sql"));
    Files.writeString(pkg.resolve("package.yaml"), "name: x\n");
    Files.writeString(pkg.resolve("sql/a.sql"), "SELECT 1;\n");
    Files.writeString(pkg.resolve("sql/b.sql"), "SELECT 2;\n");
    original = PackageDigest.of(pkg);
  }

  @Test
  void isTheSameForTheSameFilesWhereverTheyAre() throws IOException {
    Path copy = dir.resolve("elsewhere/copy");
    Files.createDirectories(copy.resolve("sql"));
    for (String file : new String[] {"package.yaml", "sql/a.sql", "sql/b.sql"}) {
      Files.copy(pkg.resolve(file), copy.resolve(file));
    }

    assertThat(PackageDigest.of(copy)).isEqualTo(original).matches("[0-9a-f]{64}");
  }

  @Test
  void changesWhenOneByteChanges() throws IOException {
    Files.writeString(pkg.resolve("sql/b.sql"), "SELECT 3;\n");

    assertThat(PackageDigest.of(pkg)).isNotEqualTo(original);
  }

  @Test
  void changesWhenAFileIsRenamedAddedOrRemoved() throws IOException {
    Files.move(pkg.resolve("sql/b.sql"), pkg.resolve("sql/c.sql"));
    String renamed = PackageDigest.of(pkg);
    Files.writeString(pkg.resolve("notes.txt"), "");
    String added = PackageDigest.of(pkg);
    Files.delete(pkg.resolve("notes.txt"));
    Files.delete(pkg.resolve("sql/c.sql"));
    String removed = PackageDigest.of(pkg);

    assertThat(new String[] {original, renamed, added, removed}).doesNotHaveDuplicates();
  }

  @Test
  void doesNotConfuseContentMovedAcrossAFileBoundary() throws IOException {
    Files.writeString(pkg.resolve("sql/a.sql"), "SELECT 1;\nSELECT");
    Files.writeString(pkg.resolve("sql/b.sql"), " 2;\n");

    assertThat(PackageDigest.of(pkg)).isNotEqualTo(original);
  }
}
