package com.upgradectl.activities.pkg;

import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.pkg.PackageDigest;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageStoreTest {
  private final AtomicInteger parses = new AtomicInteger();
  private final PackageStore store = new PackageStore(root -> {
    parses.incrementAndGet();
    return UpgradePackageLoader.load(root);
  });

  @TempDir
  Path dir;

  @Test
  void anUnchangedPackageIsParsedOnce() {
    UpgradePackage pkg = sample();

    UpgradePackage first = store.load(TestPackages.ref(pkg));
    UpgradePackage second = store.load(TestPackages.ref(pkg));

    assertThat(first).isSameAs(second).isEqualTo(pkg);
    assertThat(parses.get()).isEqualTo(1);
  }

  @Test
  void aPackageEditedSinceTheStartIsRefused() throws Exception {
    UpgradePackage pkg = sample();
    store.load(TestPackages.ref(pkg));
    Files.writeString(pkg.scriptsFor("postgresql").schema().get(0), "CREATE TABLE tickets (id int, sneaky text);");

    ApplicationFailure changed = failure(() -> store.load(TestPackages.ref(pkg)));

    assertThat(changed.getType()).isEqualTo(FailureTypes.PACKAGE_CHANGED);
    assertThat(changed.getOriginalMessage()).startsWith("package at " + pkg.root() + " changed since the upgrade started");
  }

  @Test
  void aMissingDirectoryIsBadInput() {
    PackageRef nowhere = new PackageRef(dir.resolve("gone").toString(), "abc", "x", "1", "2");
    ApplicationFailure missing = failure(() -> store.load(nowhere));
    assertThat(missing.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(missing.getOriginalMessage()).startsWith("there is no upgrade package at " + dir.resolve("gone"));
  }

  @Test
  void anInvalidPackageIsBadInputWithTheLoadersProblems() throws Exception {
    Files.writeString(dir.resolve("stray.sql"), "SELECT 1;");
    PackageRef unknown = new PackageRef(dir.toString(), PackageDigest.of(dir), "x", "1", "2");
    ApplicationFailure invalid = failure(() -> store.load(unknown));
    assertThat(invalid.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(invalid.getOriginalMessage()).contains("package.yaml").contains("is missing");
  }

  @Test
  void theDefaultStoreUsesThePackageLoader() {
    UpgradePackage pkg = sample();
    assertThat(new PackageStore().load(TestPackages.ref(pkg))).isEqualTo(pkg);
  }

  private UpgradePackage sample() {
    return TestPackages.in(dir).schema("001.sql", "CREATE TABLE tickets (id int);").table("tickets", "data").build();
  }
}
