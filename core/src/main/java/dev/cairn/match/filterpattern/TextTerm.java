package dev.cairn.match.filterpattern;

import com.google.re2j.Pattern;

/** One term of a text-term pattern, already stripped of its {@code -} / {@code ?} prefix. */
interface TextTerm {
  boolean occursIn(String message);

  /**
   * A bare term or a quoted phrase: a plain substring. AWS documents terms as substrings: the
   * TestMetricFilter API reference matches {@code Exception} inside {@code InvalidQueryException}, and
   * the user guide matches {@code ERROR} in "Exiting with ERRORCODE".
   */
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
