package com.upgradectl.activities.platform.sqlserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a T-SQL script into the batches sqlcmd and SSMS would send: a batch ends at a line that
 * holds only {@code GO}, optionally followed by a repeat count and a {@code --} comment. A
 * {@code GO} inside a string, a bracketed or double-quoted name, or a comment (block comments
 * nest, as in T-SQL) is text, not a separator. Batches holding only blanks and comments are left
 * out, as sqlcmd sends nothing for them.
 */
public final class TsqlBatches {
  private TsqlBatches() {}

  /**
   * One batch to send to the server.
   *
   * @param text the batch without its {@code GO} line
   * @param startLine the 1-based line of the script the batch starts on, for error messages
   * @param repeat how many times to send it ({@code GO 5} sends it five times)
   */
  public record Batch(String text, int startLine, int repeat) {}

  /**
   * @throws IllegalArgumentException naming the line where a string, name or comment opens and is
   *     never closed, or a {@code GO} line whose count is not a positive number
   */
  public static List<Batch> split(String script) {
    return new Scanner(script).batches();
  }

  /** The batches' texts, each repeated as its {@code GO} count says. */
  public static List<String> texts(String script) {
    List<String> texts = new ArrayList<>();
    for (Batch batch : split(script)) {
      for (int i = 0; i < batch.repeat(); i++) {
        texts.add(batch.text());
      }
    }
    return texts;
  }

  private enum State { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, BRACKETED, DOUBLE_QUOTED }

  private static final class Scanner {
    private final String script;
    private final List<Batch> batches = new ArrayList<>();
    private final StringBuilder batch = new StringBuilder();
    private State state = State.CODE;
    private int commentDepth;
    private int line = 1;
    private int batchStartLine = 1;
    private int openedOnLine;
    /** Whether the batch so far holds anything but blanks and comments. */
    private boolean hasCode;

    Scanner(String script) {
      if (script == null) {
        throw new IllegalArgumentException("no script text");
      }
      // A byte order mark that editors on Windows put first is no part of the first batch.
      this.script = script.startsWith("\uFEFF") ? script.substring(1) : script;
    }

    List<Batch> batches() {
      int i = 0;
      while (i < script.length()) {
        if (state == State.CODE && atLineStart(i)) {
          int lineEnd = lineEnd(i);
          Integer repeat = goCount(script.substring(i, lineEnd));
          if (repeat != null) {
            finishBatch(repeat);
            i = skipNewline(lineEnd);
            line++;
            batchStartLine = line;
            continue;
          }
        }
        i = step(i);
      }
      if (state != State.CODE && state != State.LINE_COMMENT) {
        throw new IllegalArgumentException(describe(state) + " opened on line " + openedOnLine
            + " is never closed");
      }
      finishBatch(1);
      return List.copyOf(batches);
    }

    /** Consumes the character(s) at {@code i} into the batch and returns the next index. */
    private int step(int i) {
      char c = script.charAt(i);
      char next = i + 1 < script.length() ? script.charAt(i + 1) : '\0';
      int consumed = 1;
      switch (state) {
        case CODE -> {
          if (c == '-' && next == '-') {
            state = State.LINE_COMMENT;
            consumed = 2;
          } else if (c == '/' && next == '*') {
            open(State.BLOCK_COMMENT);
            commentDepth = 1;
            consumed = 2;
          } else if (c == '\'') {
            open(State.STRING);
          } else if (c == '[') {
            open(State.BRACKETED);
          } else if (c == '"') {
            open(State.DOUBLE_QUOTED);
          }
          if (state != State.LINE_COMMENT && state != State.BLOCK_COMMENT && !Character.isWhitespace(c)) {
            hasCode = true;
          }
        }
        case LINE_COMMENT -> {
          if (c == '\n' || c == '\r') {
            state = State.CODE;
          }
        }
        case BLOCK_COMMENT -> {
          if (c == '/' && next == '*') {
            commentDepth++;
            consumed = 2;
          } else if (c == '*' && next == '/') {
            consumed = 2;
            if (--commentDepth == 0) {
              state = State.CODE;
            }
          }
        }
        case STRING -> consumed = closeOrEscape(c, next, '\'');
        case BRACKETED -> consumed = closeOrEscape(c, next, ']');
        case DOUBLE_QUOTED -> consumed = closeOrEscape(c, next, '"');
      }
      batch.append(script, i, i + consumed);
      for (int k = i; k < i + consumed; k++) {
        // \r\n counts once, at its \n; a lone \r counts too.
        char ch = script.charAt(k);
        if (ch == '\n' || (ch == '\r' && (k + 1 >= script.length() || script.charAt(k + 1) != '\n'))) {
          line++;
        }
      }
      return i + consumed;
    }

    /** A doubled closing character stays inside; a single one closes. */
    private int closeOrEscape(char c, char next, char close) {
      if (c != close) {
        return 1;
      }
      if (next == close) {
        return 2;
      }
      state = State.CODE;
      return 1;
    }

    private void open(State opened) {
      state = opened;
      openedOnLine = line;
    }

    private boolean atLineStart(int i) {
      return i == 0 || script.charAt(i - 1) == '\n' || script.charAt(i - 1) == '\r';
    }

    private int lineEnd(int i) {
      int end = i;
      while (end < script.length() && script.charAt(end) != '\n' && script.charAt(end) != '\r') {
        end++;
      }
      return end;
    }

    private int skipNewline(int lineEnd) {
      if (lineEnd < script.length() && script.charAt(lineEnd) == '\r') {
        lineEnd++;
      }
      if (lineEnd < script.length() && script.charAt(lineEnd) == '\n') {
        lineEnd++;
      }
      return lineEnd;
    }

    /** The repeat count when the line is a GO line, else null. */
    private Integer goCount(String text) {
      String content = text;
      int comment = content.indexOf("--");
      if (comment >= 0) {
        content = content.substring(0, comment);
      }
      content = content.strip();
      if (content.length() < 2 || !content.substring(0, 2).toUpperCase(Locale.ROOT).equals("GO")) {
        return null;
      }
      String rest = content.substring(2);
      if (rest.isEmpty()) {
        return 1;
      }
      if (!Character.isWhitespace(rest.charAt(0))) {
        return null; // GOTO, GOVERNOR, ... are code
      }
      String count = rest.strip();
      if (!count.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        return null; // "GO something" is not a separator for sqlcmd either; the server will say what is wrong
      }
      int repeat;
      try {
        repeat = Integer.parseInt(count);
      } catch (NumberFormatException e) {
        repeat = 0;
      }
      if (repeat < 1) {
        throw new IllegalArgumentException("line " + line + ": GO count must be a positive number, was " + count);
      }
      return repeat;
    }

    private void finishBatch(int repeat) {
      String text = batch.toString();
      if (hasCode) {
        batches.add(new Batch(text.strip(), batchStartLine, repeat));
      }
      batch.setLength(0);
      hasCode = false;
    }

    private static String describe(State state) {
      return switch (state) {
        case BLOCK_COMMENT -> "a /* comment";
        case STRING -> "a string";
        case BRACKETED -> "a [name]";
        case DOUBLE_QUOTED -> "a \"name\"";
        default -> state.name();
      };
    }
  }
}
