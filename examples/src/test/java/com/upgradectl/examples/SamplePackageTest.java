package com.upgradectl.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.pkg.PackageDigest;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplePackageTest {
  /** The package as authors edit it, in this module's source tree. */
  static final Path SOURCE = Path.of(SamplePackage.NAME);

  @TempDir Path dir;

  @Test
  void extractsExactlyTheFilesOfTheSourceTree() {
    Path extracted = SamplePackage.extractTo(dir);

    assertThat(extracted).isEqualTo(dir.toAbsolutePath().resolve(SamplePackage.NAME));
    assertThat(PackageDigest.of(extracted)).isEqualTo(PackageDigest.of(SOURCE));
  }

  @Test
  void extractsFromAJarAsTheDemoDoes() throws IOException, URISyntaxException {
    Path jar = jarOfThePackedPackage();
    try (URLClassLoader fromJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Path extracted = SamplePackage.extractTo(dir.resolve("from-jar"), fromJar);

      assertThat(PackageDigest.of(extracted)).isEqualTo(PackageDigest.of(SOURCE));
      assertThat(extracted.getFileSystem()).isEqualTo(dir.getFileSystem());
    }
  }

  @Test
  void extractingAgainOverTheSamePackageIsFine() {
    Path first = SamplePackage.extractTo(dir);
    Path second = SamplePackage.extractTo(dir);

    assertThat(second).isEqualTo(first);
    assertThat(PackageDigest.of(second)).isEqualTo(PackageDigest.of(SOURCE));
  }

  @Test
  void neverOverwritesADirectoryThatHoldsSomethingElse() throws IOException {
    Path occupied = Files.createDirectories(dir.resolve(SamplePackage.NAME));
    Files.writeString(occupied.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> SamplePackage.extractTo(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(occupied.toAbsolutePath() + " already exists and is not the sample package: remove it or extract elsewhere");
    try (Stream<Path> files = Files.list(occupied)) {
      assertThat(files).containsExactly(occupied.resolve("notes.txt"));
    }
  }

  @Test
  void theFailingCopyIsThePackageWithTheFailingStatementAtTheEndOfItsLastMigration() throws IOException {
    String migration = "postgresql/migrations/V2__from_v1.sql";
    Path failing = SamplePackage.extractFailingCopyTo(dir.resolve("failing"));

    assertThat(Files.readString(failing.resolve(migration)))
        .isEqualTo(Files.readString(SOURCE.resolve(migration)) + SamplePackage.FAILING_STATEMENT)
        .contains(SamplePackage.FAILING_CONSTRAINT);
    assertThat(UpgradePackageLoader.load(failing).digest()).isNotEqualTo(UpgradePackageLoader.load(SOURCE).digest());
    assertThatThrownBy(() -> SamplePackage.extractFailingCopyTo(dir.resolve("failing")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already exists");
    assertThat(Files.readString(failing.resolve(migration)))
        .isEqualTo(Files.readString(SOURCE.resolve(migration)) + SamplePackage.FAILING_STATEMENT);
  }

  @Test
  void theExtractedPackageLoadsWithEveryTableClassified() {
    UpgradePackage pkg = UpgradePackageLoader.load(SamplePackage.extractTo(dir));

    assertThat(pkg.name()).isEqualTo("servicedesk");
    assertThat(pkg.fromVersion()).isEqualTo("1");
    assertThat(pkg.toVersion()).isEqualTo("2");
    assertThat(pkg.tablesOf(TableClass.CONFIGURATION)).extracting(TableSpec::name)
        .containsExactly("teams", "agents", "categories", "priorities", "settings");
    assertThat(pkg.tablesOf(TableClass.DATA)).extracting(TableSpec::name)
        .containsExactly("computers", "tickets", "ticket_details", "comments");
    assertThat(pkg.tablesOf(TableClass.EXCLUDED)).extracting(TableSpec::name).containsExactly("schema_version");
    assertThat(pkg.scriptsFor("postgresql").migrations()).extracting(p -> p.getFileName().toString()).containsExactly("V2__from_v1.sql");
  }

  /** A jar holding the packed package the way the build packs it. */
  private Path jarOfThePackedPackage() throws IOException, URISyntaxException {
    URL packed = SamplePackage.class.getClassLoader().getResource(SamplePackage.RESOURCE_DIR + "/package.yaml");
    Path classesRoot = Path.of(packed.toURI()).getParent().getParent().getParent();
    Path jar = dir.resolve("examples.jar");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classesRoot.resolve(SamplePackage.RESOURCE_DIR))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      for (Path file : files) {
        jarOut.putNextEntry(new JarEntry(classesRoot.relativize(file).toString().replace('\\', '/')));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
    }
    return jar;
  }
}
