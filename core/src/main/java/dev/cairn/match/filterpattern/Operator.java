package dev.cairn.match.filterpattern;

/** Comparison operators of JSON and space-delimited patterns. */
enum Operator {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  /** Longest symbols first, so "!=" is not read as a stray '!' and "<=" not as "<". */
  private static final Operator[] READ_ORDER = {NE, LE, GE, EQ, LT, GT};

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  String symbol() {
    return symbol;
  }

  /** Whether only numbers may follow (strings support just = and !=). */
  boolean numericOnly() {
    return this != EQ && this != NE;
  }

  /** Applies the operator to the sign of {@code compare(field, literal)}. */
  boolean test(int sign) {
    return switch (this) {
      case EQ -> sign == 0;
      case NE -> sign != 0;
      case LT -> sign < 0;
      case LE -> sign <= 0;
      case GT -> sign > 0;
      case GE -> sign >= 0;
    };
  }

  /** Reads an operator at the reader's position, longest first; null when there is none. */
  static Operator read(PatternReader reader) {
    for (Operator op : READ_ORDER) {
      if (reader.consume(op.symbol)) {
        return op;
      }
    }
    return null;
  }
}
