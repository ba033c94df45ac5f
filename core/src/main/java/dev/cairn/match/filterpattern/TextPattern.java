package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A text-term pattern: an OR of groups, each an AND of (possibly negated) terms. Following AWS
 * CDK's encoding, every {@code ?term} starts a new group and the unprefixed and {@code -} terms
 * after it join that group; terms before the first {@code ?} form the first group. So
 * {@code ?A B ?C D} means (A and B) or (C and D).
 */
final class TextPattern implements Evaluator {
  private final TextTerm[][] groups;
  private final boolean[][] negated;

  private TextPattern(List<List<TextTerm>> groups, List<List<Boolean>> negated) {
    this.groups = new TextTerm[groups.size()][];
    this.negated = new boolean[groups.size()][];
    for (int g = 0; g < groups.size(); g++) {
      this.groups[g] = groups.get(g).toArray(new TextTerm[0]);
      this.negated[g] = new boolean[groups.get(g).size()];
      for (int t = 0; t < this.negated[g].length; t++) {
        this.negated[g][t] = negated.get(g).get(t);
      }
    }
  }

  @Override
  public boolean matches(JsonNode json, Supplier<String> message) {
    String text = Evaluator.messageOf(message);
    for (int g = 0; g < groups.length; g++) {
      if (groupMatches(g, text)) {
        return true;
      }
    }
    return false;
  }

  private boolean groupMatches(int g, String text) {
    TextTerm[] terms = groups[g];
    for (int t = 0; t < terms.length; t++) {
      if (terms[t].occursIn(text) == negated[g][t]) {
        return false;
      }
    }
    return true;
  }

  /** Parses a non-blank text-term pattern from the reader's position to the end. */
  static TextPattern parse(PatternReader reader) throws InvalidPatternException {
    List<List<TextTerm>> groups = new ArrayList<>();
    List<List<Boolean>> negated = new ArrayList<>();
    reader.skipWhitespace();
    while (!reader.atEnd()) {
      char prefix = reader.peek();
      if (prefix == '?' || prefix == '-') {
        reader.advance(1);
      }
      if (prefix == '?' || groups.isEmpty()) {
        groups.add(new ArrayList<>());
        negated.add(new ArrayList<>());
      }
      String what = prefix == '?' || prefix == '-' ? " after '" + prefix + "'" : "";
      groups.get(groups.size() - 1).add(term(reader, what));
      negated.get(negated.size() - 1).add(prefix == '-');
      reader.skipWhitespace();
    }
    return new TextPattern(groups, negated);
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
      term = new TextTerm.Word(reader.text().substring(start, reader.pos()));
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
