package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A text-term pattern. As the CloudWatch Logs guide documents ("Match optional terms"): when every
 * term is a {@code ?term}, the message must contain at least one of them ({@code ?ERROR ?WARN});
 * otherwise the {@code ?} terms are ignored and every other term must hold, a {@code -term} holding
 * when the message does not contain it ({@code ?ERROR ?ARGUMENTS REQUEST} matches "[INFO] REQUEST
 * FAILED").
 */
final class TextPattern implements Evaluator {
  private final TextTerm[] terms;
  private final boolean[] negated;
  /** True when every term was a {@code ?} term: any one of them is enough. */
  private final boolean anyOf;

  private TextPattern(List<TextTerm> terms, List<Boolean> negated, boolean anyOf) {
    this.terms = terms.toArray(new TextTerm[0]);
    this.negated = new boolean[terms.size()];
    for (int t = 0; t < this.negated.length; t++) {
      this.negated[t] = negated.get(t);
    }
    this.anyOf = anyOf;
  }

  @Override
  public boolean matches(JsonNode json, Supplier<String> message) {
    String text = Evaluator.messageOf(message);
    for (int t = 0; t < terms.length; t++) {
      boolean holds = terms[t].occursIn(text) != negated[t];
      if (holds == anyOf) {
        return anyOf;
      }
    }
    return !anyOf;
  }

  /**
   * Parses a non-blank text-term pattern from the reader's position to the end; {@code ignored}
   * receives the column of every {@code ?} term that other terms make meaningless.
   */
  static TextPattern parse(PatternReader reader, List<Integer> ignored) throws InvalidPatternException {
    List<TextTerm> required = new ArrayList<>();
    List<Boolean> negated = new ArrayList<>();
    List<TextTerm> optional = new ArrayList<>();
    List<Integer> optionalAt = new ArrayList<>();
    reader.skipWhitespace();
    while (!reader.atEnd()) {
      int at = reader.pos();
      char prefix = reader.peek();
      if (prefix == '?' || prefix == '-') {
        reader.advance(1);
      }
      String what = prefix == '?' || prefix == '-' ? " after '" + prefix + "'" : "";
      TextTerm term = term(reader, what);
      if (prefix == '?') {
        optional.add(term);
        optionalAt.add(at);
      } else {
        required.add(term);
        negated.add(prefix == '-');
      }
      reader.skipWhitespace();
    }
    if (required.isEmpty()) {
      return new TextPattern(optional, Collections.nCopies(optional.size(), false), true);
    }
    ignored.addAll(optionalAt);
    return new TextPattern(required, negated, false);
  }

  private static TextTerm term(PatternReader reader, String what) throws InvalidPatternException {
    int start = reader.pos();
    char c = reader.peek();
    TextTerm term;
    if (c == '"' && !reader.atEnd()) {
      String phrase = reader.readQuoted();
      term = phrase.isBlank() ? TextTerm.Everything.INSTANCE : new TextTerm.Phrase(phrase);
    } else if (c == '%') {
      term = new TextTerm.Regex(reader.readRegex());
    } else if (!reader.atEnd() && PatternReader.isWordChar(c)) {
      while (!reader.atEnd() && PatternReader.isWordChar(reader.peek())) {
        reader.advance(1);
      }
      term = new TextTerm.Phrase(reader.text().substring(start, reader.pos()));
    } else {
      throw reader.expected("a term, a quoted phrase or a %regex%" + what);
    }
    if (!reader.atEnd() && !Character.isWhitespace(reader.peek())) {
      throw reader.error(reader.pos(), "unexpected " + reader.found(reader.pos()) + " after term '"
          + reader.text().substring(start, reader.pos()) + "'; separate terms with spaces and"
          + " double-quote terms that contain characters other than letters, digits and '_'");
    }
    return term;
  }
}
