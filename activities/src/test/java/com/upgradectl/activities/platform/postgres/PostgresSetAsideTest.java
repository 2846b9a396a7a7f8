package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.platform.postgres.PostgresSetAside.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSetAsideTest {

  @Test
  void aPlainPrimaryKeyIsBuiltAsAUniqueIndexThatThenBecomesTheKey() {
    PostgresSetAside key = new PostgresSetAside("app", "order lines", "order lines_pkey", Kind.PRIMARY_KEY,
        "PRIMARY KEY (order_id, \"line no\")", List.of("order_id", "line no"), null);

    assertThat(key.buildStatements()).containsExactly(
        "CREATE UNIQUE INDEX \"order lines_pkey\" ON \"app\".\"order lines\" (order_id, \"line no\")",
        "ALTER TABLE \"app\".\"order lines\" ADD CONSTRAINT \"order lines_pkey\" PRIMARY KEY USING INDEX \"order lines_pkey\"");
  }

  @Test
  void aPrimaryKeyWithMoreThanItsColumnsIsAddedWhole() {
    // An index made by hand would not carry INCLUDE or the storage parameters over to the key.
    PostgresSetAside covering = new PostgresSetAside("app", "t", "t_pkey", Kind.PRIMARY_KEY,
        "PRIMARY KEY (id) INCLUDE (name)", List.of("id"), null);
    PostgresSetAside tuned = new PostgresSetAside("app", "t", "t_pkey", Kind.PRIMARY_KEY,
        "PRIMARY KEY (id) WITH (fillfactor='70')", List.of("id"), null);

    assertThat(covering.buildStatements()).containsExactly(
        "ALTER TABLE \"app\".\"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY (id) INCLUDE (name)");
    assertThat(tuned.buildStatements()).containsExactly(
        "ALTER TABLE \"app\".\"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY (id) WITH (fillfactor='70')");
  }

  @Test
  void otherObjectsAreBuiltByTheirOwnStatement() {
    PostgresSetAside unique = new PostgresSetAside("app", "t", "t_code_key", Kind.KEY_CONSTRAINT, "UNIQUE (code)",
        List.of(), null);
    PostgresSetAside index = new PostgresSetAside("app", "t", "t_name_idx", Kind.INDEX,
        "CREATE INDEX t_name_idx ON app.t USING btree (name)", List.of(), null);

    assertThat(unique.buildStatements()).containsExactly(
        "ALTER TABLE \"app\".\"t\" ADD CONSTRAINT \"t_code_key\" UNIQUE (code)");
    assertThat(index.buildStatements()).containsExactly("CREATE INDEX t_name_idx ON app.t USING btree (name)");
  }
}
