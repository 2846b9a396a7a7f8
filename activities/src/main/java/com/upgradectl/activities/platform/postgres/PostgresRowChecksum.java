package com.upgradectl.activities.platform.postgres;

/**
 * How a table's rows are summed for the count-and-checksum comparison. Both sides of one comparison
 * always use the same kind; the kind is written into the checksum's text, so a later check of the
 * same table (the post-switch check) sums the way the first one did.
 */
enum PostgresRowChecksum {
  /** md5 of each row's text: any type, any server. */
  MD5(""),
  /**
   * The server's own 64-bit hash of each row ({@code hash_record_extended}, PostgreSQL 14 on), about
   * five times quicker than md5 of the text. Only where both sides hash a value alike: built-in types
   * that have a hash function, deterministic collations (a nondeterministic one hashes by its sort key).
   */
  ROW_HASH("h:");

  private final String prefix;

  PostgresRowChecksum(String prefix) {
    this.prefix = prefix;
  }

  /** The checksum column of a statement summing rows aliased {@code r}, given the row constructor. */
  String sumOf(String rowConstructor) {
    if (this == MD5) {
      return "coalesce(sum(('x' || substr(md5(" + rowConstructor + "::text), 1, 16))::bit(64)::bigint::numeric), 0)::text";
    }
    return "'" + prefix + "' || coalesce(sum(hash_record_extended(" + rowConstructor + ", 0)::numeric), 0)::text";
  }

  /** The number a checksum of this kind stands for: checksums of parts of one table add up. */
  java.math.BigInteger value(String checksum) {
    return new java.math.BigInteger(checksum.substring(prefix.length()));
  }

  /** The checksum text of a sum, as {@link #sumOf} writes it. */
  String text(java.math.BigInteger sum) {
    return prefix + sum;
  }

  /** The kind a checksum of {@link #sumOf} was computed with. */
  static PostgresRowChecksum of(String checksum) {
    return checksum != null && checksum.startsWith(ROW_HASH.prefix) ? ROW_HASH : MD5;
  }
}
