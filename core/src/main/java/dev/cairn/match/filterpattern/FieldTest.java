package dev.cairn.match.filterpattern;

import java.util.List;

/**
 * A condition on one space-delimited field value. Conditions in one slot form an OR of ANDs
 * ({@code &&} binds tighter than {@code ||}), compiled into {@link Any} / {@link All} nodes.
 */
interface FieldTest {
  boolean test(String field);

  record Text(StringTest value, boolean negated) implements FieldTest {
    @Override
    public boolean test(String field) {
      return value.test(field) != negated;
    }
  }

  /** Numeric comparison; a field that is not a number (by the pattern's number syntax) never matches. */
  record Numeric(Operator op, Literal.Numeric value) implements FieldTest {
    @Override
    public boolean test(String field) {
      if (!Literal.isNumber(field)) {
        return false;
      }
      Literal.Numeric parsed = Literal.Numeric.parse(field);
      return (value.integral() && parsed.integral())
          ? op.test(value.compareFrom(parsed.longValue()))
          : op.test(value.compareFrom(parsed.value()));
    }
  }

  record All(List<FieldTest> parts) implements FieldTest {
    @Override
    public boolean test(String field) {
      for (FieldTest part : parts) {
        if (!part.test(field)) {
          return false;
        }
      }
      return true;
    }
  }

  record Any(List<FieldTest> parts) implements FieldTest {
    @Override
    public boolean test(String field) {
      for (FieldTest part : parts) {
        if (part.test(field)) {
          return true;
        }
      }
      return false;
    }
  }
}
