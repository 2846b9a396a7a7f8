package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOperation;
import org.postgresql.copy.CopyOut;

/**
 * Streams one COPY from production straight into one COPY into the pilot, a row's buffer at a time:
 * memory stays the same whatever the size of the table.
 */
final class PostgresCopyStream {
  private PostgresCopyStream() {}

  record Transfer(long rows, long bytes) {}

  /**
   * @param copyOut {@code COPY (...) TO STDOUT} run on {@code from}
   * @param copyIn {@code COPY ... FROM STDIN} run on {@code to}; commits with {@code to}'s transaction
   */
  static Transfer transfer(Connection from, Connection to, String copyOut, String copyIn) throws SQLException {
    CopyOut out = from.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
    CopyIn in = null;
    try {
      in = to.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
      long bytes = 0;
      byte[] buffer;
      while ((buffer = out.readFromCopy()) != null) {
        in.writeToCopy(buffer, 0, buffer.length);
        bytes += buffer.length;
      }
      long rows = in.endCopy();
      return new Transfer(rows, bytes);
    } catch (SQLException | RuntimeException e) {
      cancel(in, e);
      cancel(out, e);
      throw e;
    }
  }

  private static void cancel(CopyOperation operation, Throwable failure) {
    if (operation != null && operation.isActive()) {
      try {
        operation.cancelCopy();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
