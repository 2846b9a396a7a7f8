package com.upgradectl.pkg;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "did you mean ...?" for misspelt keys, values and names; used by the loader and the schema check. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * @return " (did you mean 'x'?)" for the closest candidate within two edits, or for the only
   *     candidate that starts with what was written (an abbreviation), or ""
   */
  public static String didYouMean(String written, Collection<String> candidates) {
    String lowerWritten = written.toLowerCase(Locale.ROOT);
    List<String> extending = candidates.stream()
        .filter(c -> lowerWritten.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(lowerWritten))
        .toList();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(written.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best != null && bestDistance <= 2 && bestDistance < written.length()) {
      return " (did you mean '" + best + "'?)";
    }
    return extending.size() == 1 ? " (did you mean '" + extending.get(0) + "'?)" : "";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
