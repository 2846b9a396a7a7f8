package com.upgradectl.activities.pilot;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.MappingException;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Function;
import java.util.function.Supplier;

/** What every copy activity does around its work: the package checked, failures counted and made clear. */
final class CopyActivitySupport {
  private CopyActivitySupport() {}

  /** The package the upgrade runs, loaded afresh and refused if its files changed since the upgrade started. */
  static UpgradePackage load(Function<PackageRef, UpgradePackage> packages, PackageRef ref) {
    UpgradePackage pkg;
    try {
      pkg = packages.apply(ref);
    } catch (IllegalArgumentException | InvalidPackageException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          "upgrade package at " + ref.location() + " cannot be used: " + e.getMessage(), FailureTypes.BAD_INPUT, e);
    }
    if (ref.digest() == null || !ref.digest().equalsIgnoreCase(pkg.digest())) {
      throw ApplicationFailure.newNonRetryableFailure("upgrade package at " + ref.location()
          + " changed since the upgrade started (digest " + ref.digest() + " then, " + pkg.digest()
          + " now): every step of an upgrade must run the same package", FailureTypes.PACKAGE_CHANGED);
    }
    return pkg;
  }

  /** Counts failures; turns a bad mapping or an unknown profile into a clear, non-retryable failure. */
  static <T> T measured(CopyMetrics metrics, String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (MappingException e) {
      metrics.failed(operation);
      throw CopyFailures.mapping(e);
    } catch (IllegalArgumentException e) {
      metrics.failed(operation);
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), FailureTypes.BAD_INPUT, e);
    } catch (RuntimeException | Error e) {
      metrics.failed(operation);
      throw e;
    }
  }
}
