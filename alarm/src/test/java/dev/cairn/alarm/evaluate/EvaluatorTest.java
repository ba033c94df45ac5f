package dev.cairn.alarm.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The AWS missing-data tables as test vectors: N (evaluation periods), M (datapoints to alarm), the
 * five points of the evaluation range oldest first ({@code 0} not breaching, {@code X} breaching,
 * {@code -} missing), and the state for missing / ignore / breaching / notBreaching. {@code keep}
 * means the prior state is kept; each run is tried from every prior state.
 */
class EvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  @ParameterizedTest(name = "[{0}] {1}/{2} ''{3}'' -> {4} / {5} / {6} / {7}")
  @CsvSource(delimiter = '|', textBlock = """
      # CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data" (current), first table
      current 3/3 | 3 | 3 | 0 - X - X | OK                | OK   | OK    | OK
      current 3/3 | 3 | 3 | 0 - - - - | OK                | OK   | OK    | OK
      current 3/3 | 3 | 3 | - - - - - | INSUFFICIENT_DATA | keep | ALARM | OK
      current 3/3 | 3 | 3 | 0 X X - X | ALARM             | ALARM| ALARM | ALARM
      current 3/3 | 3 | 3 | - - X - - | ALARM             | keep | ALARM | OK
      # second table: 2 out of 3
      current 2/3 | 3 | 2 | 0 - X - X | ALARM             | ALARM| ALARM | ALARM
      current 2/3 | 3 | 2 | 0 0 X 0 X | ALARM             | ALARM| ALARM | ALARM
      current 2/3 | 3 | 2 | 0 - X - - | OK                | OK   | ALARM | OK
      current 2/3 | 3 | 2 | - - - - 0 | OK                | OK   | ALARM | OK
      current 2/3 | 3 | 2 | - - - X - | ALARM             | keep | ALARM | OK
      # the 2018-2019 versions of the page (awsdocs/amazon-cloudwatch-user-guide, AlarmThatSendsEmail.md)
      2018 3/3    | 3 | 3 | - - - - X | INSUFFICIENT_DATA | keep | ALARM | OK
      2018 3/3    | 3 | 3 | X - - - - | ALARM             | keep | ALARM | OK
      2018 2/3    | 3 | 2 | - - - - X | INSUFFICIENT_DATA | keep | ALARM | OK
      # inferred: inputs no AWS table lists, decided by the rules in Evaluator's javadoc
      inferred    | 3 | 3 | - X - - - | ALARM             | keep | ALARM | OK
      inferred    | 3 | 2 | - - X - - | ALARM             | keep | ALARM | OK
      inferred    | 3 | 3 | - - - X - | INSUFFICIENT_DATA | keep | ALARM | OK
      inferred    | 3 | 3 | - - 0 - X | OK                | OK   | OK    | OK
      inferred    | 3 | 1 | - - - - X | ALARM             | ALARM| ALARM | ALARM
      inferred    | 3 | 1 | - - - - 0 | OK                | OK   | ALARM | OK
      inferred    | 1 | 1 | - - 0     | OK                | OK   | OK    | OK
      inferred    | 1 | 1 | X - -     | ALARM             | ALARM| ALARM | ALARM
      inferred    | 6 | 4 | - - - X - X - - | ALARM       | keep | ALARM | OK
      """)
  void awsTables(String source, int n, int m, String points, String missing, String ignore, String breaching,
      String notBreaching) {
    List<Point> range = points(points);
    String[] expected = {missing, ignore, breaching, notBreaching};
    MissingData[] treatments = {MissingData.missing, MissingData.ignore, MissingData.breaching, MissingData.notBreaching};
    for (int i = 0; i < treatments.length; i++) {
      Condition condition = new Condition(Comparison.GreaterThanOrEqualToThreshold, 1, n, m, treatments[i]);
      for (AlarmState prior : AlarmState.values()) {
        Outcome outcome = Evaluator.evaluate(condition, range, prior);
        AlarmState want = expected[i].equals("keep") ? prior : AlarmState.valueOf(expected[i]);
        assertThat(outcome.state()).as("%s %s/%s '%s' %s from %s", source, n, m, points, treatments[i], prior)
            .isEqualTo(want);
        assertThat(outcome.kept()).isEqualTo(expected[i].equals("keep"));
      }
    }
  }

  @Test
  void atLeastNRealPointsIgnoreTheTreatmentAndUseTheNewest() {
    Condition c = new Condition(Comparison.GreaterThanThreshold, 1, 3, 3, MissingData.breaching);
    Outcome outcome = Evaluator.evaluate(c, points("X 0 X X X"), AlarmState.OK);
    assertThat(outcome.state()).isEqualTo(AlarmState.ALARM);
    assertThat(outcome.filled()).isZero();
    assertThat(outcome.evaluated()).extracting(Point::start)
        .containsExactly(T0.plusSeconds(4 * 300), T0.plusSeconds(3 * 300), T0.plusSeconds(2 * 300));
  }

  @Test
  void fillsAsFewPointsAsPossible() {
    Condition c = new Condition(Comparison.GreaterThanThreshold, 1, 3, 2, MissingData.breaching);
    Outcome outcome = Evaluator.evaluate(c, points("0 - - - -"), AlarmState.OK);
    assertThat(outcome.filled()).isEqualTo(2);
    assertThat(outcome.breaching()).isEqualTo(2);
    assertThat(outcome.state()).isEqualTo(AlarmState.ALARM);
  }

  @ParameterizedTest
  @EnumSource(Comparison.class)
  void everyOperatorAtAndAroundTheThreshold(Comparison op) {
    boolean[] expected = switch (op) { // below, at, above
      case GreaterThanOrEqualToThreshold -> new boolean[] {false, true, true};
      case GreaterThanThreshold -> new boolean[] {false, false, true};
      case LessThanThreshold -> new boolean[] {true, false, false};
      case LessThanOrEqualToThreshold -> new boolean[] {true, true, false};
    };
    double[] values = {4.999, 5, 5.001};
    for (int i = 0; i < values.length; i++) {
      Condition c = new Condition(op, 5, 1, 1, MissingData.missing);
      List<Point> range = List.of(Point.missing(T0), Point.missing(T0.plusSeconds(60)), new Point(T0.plusSeconds(120), values[i], 1));
      assertThat(Evaluator.evaluate(c, range, AlarmState.INSUFFICIENT_DATA).state())
          .as("%s %s 5", values[i], op).isEqualTo(expected[i] ? AlarmState.ALARM : AlarmState.OK);
    }
  }

  @ParameterizedTest(name = "{0} of 5 over 5 breaching points")
  @CsvSource({"1", "2", "3", "4", "5"})
  void mOutOfN(int m) {
    // Seven real points (the range for N = 5); exactly k of the newest five breach, for k = 0..5.
    for (int k = 0; k <= 5; k++) {
      StringBuilder s = new StringBuilder("0 0");
      for (int i = 0; i < 5; i++) {
        s.append(i < 5 - k ? " 0" : " X");
      }
      Condition c = new Condition(Comparison.GreaterThanOrEqualToThreshold, 1, 5, m, MissingData.missing);
      assertThat(Evaluator.evaluate(c, points(s.toString()), AlarmState.OK).state()).as("%s breaching of 5, M=%s", k, m)
          .isEqualTo(k >= m ? AlarmState.ALARM : AlarmState.OK);
    }
  }

  @Test
  void rangeFollowsTheDocumentedFiveForThree() {
    assertThat(new Condition(Comparison.LessThanThreshold, 0, 3, 3, MissingData.missing).range()).isEqualTo(5);
    assertThat(new Condition(Comparison.LessThanThreshold, 0, 1, 1, MissingData.missing).range()).isEqualTo(3);
    assertThatThrownBy(() -> new Condition(Comparison.LessThanThreshold, 0, 3, 4, MissingData.missing))
        .hasMessage("datapointsToAlarm must be from 1 to evaluationPeriods (3), got 4");
    assertThatThrownBy(() -> Evaluator.evaluate(new Condition(Comparison.LessThanThreshold, 0, 3, 3, MissingData.missing),
        points("- -"), AlarmState.OK)).hasMessage("expected 5 points, got 2");
  }

  /** Points five minutes apart from T0: 0 → 0.0, X → 5.0, - → missing. */
  static List<Point> points(String text) {
    List<Point> points = new ArrayList<>();
    String[] parts = text.trim().split("\\s+", -1);
    for (int i = 0; i < parts.length; i++) {
      Instant start = T0.plusSeconds(300L * i);
      points.add(switch (parts[i]) {
        case "0" -> new Point(start, 0, 1);
        case "X" -> new Point(start, 5, 5);
        case "-" -> Point.missing(start);
        default -> throw new IllegalArgumentException(parts[i]);
      });
    }
    return points;
  }
}
