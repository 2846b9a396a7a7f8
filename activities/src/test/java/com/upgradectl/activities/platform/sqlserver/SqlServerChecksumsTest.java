package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.upgradectl.activities.copy.TableSum;
import org.junit.jupiter.api.Test;

/** How chunk hashes fold into a table's checksum, and the options every bulk copy runs with. */
class SqlServerChecksumsTest {
  private static final byte[] A = {1, 2, 3};
  private static final byte[] B = {4, 5, 6};

  @Test
  void chunksFoldInOrderAndCountTheirRows() {
    TableSum ab = fold(new long[] {10_000, 3}, A, B);
    assertThat(ab.rows()).isEqualTo(10_003);
    assertThat(ab.checksum()).hasSize(64).isEqualTo(fold(new long[] {10_000, 3}, A, B).checksum());
    assertThat(fold(new long[] {3, 10_000}, B, A).checksum()).isNotEqualTo(ab.checksum());
    assertThat(fold(new long[] {10_000, 4}, A, B).checksum()).isNotEqualTo(ab.checksum());
  }

  @Test
  void anEmptyTableHasTheChecksumOfNothing() {
    TableSum empty = new SqlServerChecksums.Fold().result();
    assertThat(empty).isEqualTo(new TableSum(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  }

  @Test
  void bulkCopiesKeepIdentitiesAndNullsLockTheTableAndCommitWithTheChunk() throws Exception {
    SQLServerBulkCopyOptions options = SqlServerCopyTable.options(25_000);
    assertThat(options.isKeepIdentity()).isTrue();
    assertThat(options.isTableLock()).isTrue();
    assertThat(options.isKeepNulls()).isTrue();
    assertThat(options.isCheckConstraints()).isFalse();
    assertThat(options.isFireTriggers()).isFalse();
    assertThat(options.isUseInternalTransaction()).isFalse();
    assertThat(options.getBatchSize()).isEqualTo(25_000);
    assertThat(options.getBulkCopyTimeout()).isZero();
  }

  private static TableSum fold(long[] rows, byte[]... hashes) {
    SqlServerChecksums.Fold fold = new SqlServerChecksums.Fold();
    for (int i = 0; i < rows.length; i++) {
      fold.add(rows[i], hashes[i]);
    }
    return fold.result();
  }
}
