package com.upgradectl.activities.pkg;

import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.pkg.PackageDigest;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageStoreTest {
  private final TestPackages packages = new TestPackages();

  @TempDir
  Path dir;

  @Test
  void anUnchangedPackageIsParsedOnce() {
    UpgradePackage pkg = sample();

    UpgradePackage first = packages.store().load(TestPackages.ref(pkg));
    UpgradePackage second = packages.store().load(TestPackages.ref(pkg));

    assertThat(first).isSameAs(second).isSameAs(pkg);
    assertThat(packages.loads()).isEqualTo(1);
  }

  @Test
  void aPackageEditedSinceTheStartIsRefused() throws Exception {
    UpgradePackage pkg = sample();
    packages.store().load(TestPackages.ref(pkg));
    Files.writeString(pkg.scriptsFor("postgresql").schema().get(0), "CREATE TABLE tickets (id int, sneaky text);");

    ApplicationFailure changed = failure(() -> packages.store().load(TestPackages.ref(pkg)));

    assertThat(changed.getType()).isEqualTo(FailureTypes.PACKAGE_CHANGED);
    assertThat(changed.getOriginalMessage()).startsWith("package at " + pkg.root() + " changed since the upgrade started");
  }

  @Test
  void aMissingDirectoryIsBadInput() {
    PackageRef nowhere = new PackageRef(dir.resolve("gone").toString(), "abc", "x", "1", "2");
    ApplicationFailure missing = failure(() -> packages.store().load(nowhere));
    assertThat(missing.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(missing.getOriginalMessage()).startsWith("there is no upgrade package at " + dir.resolve("gone"));
  }

  @Test
  void anInvalidPackageIsBadInputWithTheLoadersProblems() throws Exception {
    Files.writeString(dir.resolve("stray.sql"), "SELECT 1;");
    PackageRef unknown = new PackageRef(dir.toString(), PackageDigest.of(dir), "x", "1", "2");
    ApplicationFailure invalid = failure(() -> packages.store().load(unknown));
    assertThat(invalid.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(invalid.getOriginalMessage()).contains("package.yaml").contains("is missing");
  }

  private UpgradePackage sample() {
    return packages.in(dir).schema("001.sql", "CREATE TABLE tickets (id int);").table("tickets", TableClass.DATA).build();
  }
}
