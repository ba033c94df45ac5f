package dev.cairn.match.filterpattern;

import java.util.regex.Pattern;

/** One term of a text-term pattern, already stripped of its {@code -} / {@code ?} prefix. */
interface TextTerm {
  boolean occursIn(String message);

  /**
   * A bare term: matches a whole token, where tokens are maximal runs of letters, digits and '_'
   * (so {@code ERROR} matches "ERROR: x" but not "ERRORS" or "UNERROR"). Scans with indexOf and
   * checks the neighbours instead of tokenising, so nothing is allocated.
   */
  record Word(String word) implements TextTerm {
    @Override
    public boolean occursIn(String message) {
      int from = 0;
      int at;
      while ((at = message.indexOf(word, from)) >= 0) {
        int end = at + word.length();
        boolean startsToken = at == 0 || !PatternReader.isWordChar(message.charAt(at - 1));
        boolean endsToken = end == message.length() || !PatternReader.isWordChar(message.charAt(end));
        if (startsToken && endsToken) {
          return true;
        }
        from = at + 1;
      }
      return false;
    }
  }

  /** A quoted phrase: a plain substring. */
  record Phrase(String phrase) implements TextTerm {
    @Override
    public boolean occursIn(String message) {
      return message.contains(phrase);
    }
  }

  /** A quoted phrase of only whitespace ({@code " "}), which AWS documents as matching everything. */
  enum Everything implements TextTerm {
    INSTANCE;

    @Override
    public boolean occursIn(String message) {
      return true;
    }
  }

  record Regex(Pattern pattern) implements TextTerm {
    @Override
    public boolean occursIn(String message) {
      return pattern.matcher(message).find();
    }
  }
}
