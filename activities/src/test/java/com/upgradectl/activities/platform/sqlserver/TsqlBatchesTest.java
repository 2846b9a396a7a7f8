package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.platform.sqlserver.TsqlBatches.Batch;
import org.junit.jupiter.api.Test;

class TsqlBatchesTest {

  @Test
  void aGoLineEndsABatchWhateverItsCaseAndSurroundingBlanks() {
    String script = "CREATE TABLE a (id int)\nGO\nCREATE VIEW v AS SELECT id FROM a\n  go  \nSELECT 1\n";
    assertThat(TsqlBatches.split(script)).containsExactly(
        new Batch("CREATE TABLE a (id int)", 1, 1),
        new Batch("CREATE VIEW v AS SELECT id FROM a", 3, 1),
        new Batch("SELECT 1", 5, 1));
  }

  @Test
  void aScriptWithoutGoIsOneBatch() {
    assertThat(TsqlBatches.texts("CREATE TABLE a (id int);\nCREATE TABLE b (id int);"))
        .containsExactly("CREATE TABLE a (id int);\nCREATE TABLE b (id int);");
  }

  @Test
  void aGoCountRepeatsTheBatch() {
    assertThat(TsqlBatches.split("INSERT INTO a DEFAULT VALUES\nGO 3\n"))
        .containsExactly(new Batch("INSERT INTO a DEFAULT VALUES", 1, 3));
    assertThat(TsqlBatches.texts("INSERT INTO a DEFAULT VALUES\nGO 3 -- three rows\n"))
        .containsExactly("INSERT INTO a DEFAULT VALUES", "INSERT INTO a DEFAULT VALUES",
            "INSERT INTO a DEFAULT VALUES");
  }

  @Test
  void aGoCountOfZeroIsRefusedNamingTheLine() {
    assertThatThrownBy(() -> TsqlBatches.split("SELECT 1\nGO 0\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 2: GO count must be a positive number, was 0");
  }

  @Test
  void goInsideStringsNamesAndCommentsIsText() {
    String script = String.join("\n",
        "INSERT INTO t VALUES (N'first",
        "GO",
        "last')",
        "SELECT [odd",
        "GO",
        "name] FROM t",
        "SELECT \"quoted",
        "GO",
        "\" FROM t",
        "/* outer /* nested",
        "GO",
        "*/ still comment",
        "GO",
        "*/ SELECT 2",
        "GO",
        "SELECT 3");
    assertThat(TsqlBatches.split(script)).hasSize(2);
    assertThat(TsqlBatches.split(script).get(0).text()).endsWith("*/ SELECT 2").contains("N'first\nGO\nlast'");
    assertThat(TsqlBatches.split(script).get(1)).isEqualTo(new Batch("SELECT 3", 16, 1));
  }

  @Test
  void doubledQuotesAndBracketsStayInsideTheirStringOrName() {
    String script = "SELECT N'it''s', [a]]b]\nGO\nSELECT 'x'\n";
    assertThat(TsqlBatches.texts(script)).containsExactly("SELECT N'it''s', [a]]b]", "SELECT 'x'");
  }

  @Test
  void aLineCommentMayHideAQuoteWithoutOpeningAString() {
    assertThat(TsqlBatches.texts("SELECT 1 -- don't\nGO\nSELECT 2")).containsExactly("SELECT 1 -- don't", "SELECT 2");
  }

  @Test
  void wordsStartingWithGoAreCode() {
    assertThat(TsqlBatches.texts("label:\nGOTO label\nGO\n")).containsExactly("label:\nGOTO label");
  }

  @Test
  void batchesOfOnlyBlanksAndCommentsAreLeftOut() {
    assertThat(TsqlBatches.split("-- header\n/* licence */\nGO\n\nGO\nSELECT 1\nGO\n-- trailer\n"))
        .containsExactly(new Batch("SELECT 1", 6, 1));
  }

  @Test
  void windowsLineEndsAreSeparatorsToo() {
    assertThat(TsqlBatches.split("SELECT 1\r\nGO\r\nSELECT 2\r\n"))
        .containsExactly(new Batch("SELECT 1", 1, 1), new Batch("SELECT 2", 3, 1));
  }

  @Test
  void aLeadingByteOrderMarkIsNoPartOfTheFirstBatch() {
    assertThat(TsqlBatches.texts("\uFEFFGO\nSELECT 1\nGO\n")).containsExactly("SELECT 1");
    assertThat(TsqlBatches.texts("\uFEFFSELECT 1")).containsExactly("SELECT 1");
  }

  @Test
  void anUnclosedStringOrCommentIsRefusedNamingWhereItOpened() {
    assertThatThrownBy(() -> TsqlBatches.split("SELECT 1\nGO\nSELECT N'open\nGO\n"))
        .hasMessage("a string opened on line 3 is never closed");
    assertThatThrownBy(() -> TsqlBatches.split("/* a\n/* b */\nGO\n"))
        .hasMessage("a /* comment opened on line 1 is never closed");
    assertThatThrownBy(() -> TsqlBatches.split("SELECT [x\n"))
        .hasMessage("a [name] opened on line 1 is never closed");
  }
}
