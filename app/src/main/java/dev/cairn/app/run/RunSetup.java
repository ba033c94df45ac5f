package dev.cairn.app.run;

import dev.cairn.config.Config;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleProblem;
import dev.cairn.match.RuleSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code cairn run} checks in a loaded config before it starts anything, in one place:
 * {@code cairn run} stops on the problems, {@code cairn validate} reports them, so a config that
 * validates is one that runs. The config's own keys are checked by {@link ConfigLoader}; here are
 * the checks that need more than the keys: the rule files load, the rules' {@code notify},
 * {@code template} and {@code group} name configured channels, the {@code exclude} patterns
 * compile, and every channel accepts its settings.
 */
public final class RunSetup {
  private RunSetup() {}

  /** What was checked, ready to run. */
  record Checked(RuleSet rules, RuleSet exclude) {}

  /** A problem, as {@code cairn run} and {@code cairn validate} print it. */
  public record Problem(Kind kind, String text) {
    /** What the problem is in; the text of a rule's names its file, a config's starts with a key path. */
    public enum Kind {
      /** A rule file that does not load (what {@code cairn validate} reports itself, with excerpts). */
      RULE_FILE,
      /** A rule's actions, against the configured channels. */
      RULE,
      /** A key of the config. */
      CONFIG
    }
  }

  /** Every problem of a loaded config; empty when {@code cairn run} would start. */
  public static List<Problem> problems(Config config) {
    List<Problem> problems = new ArrayList<>();
    check(config, problems);
    return problems;
  }

  /** The checked rules and exclusions, or null after adding the problems to {@code problems}. */
  static Checked check(Config config, List<Problem> problems) {
    int before = problems.size();
    RuleSet exclude = exclude(config, problems);
    RuleSet rules = null;
    try {
      rules = RunCommand.rules(config);
    } catch (InvalidRulesException e) {
      e.problems().forEach(p -> problems.add(new Problem(Problem.Kind.RULE_FILE, p.describe())));
    } catch (IOException e) {
      problems.add(new Problem(Problem.Kind.RULE_FILE, "the bundled rule pack cannot be read: " + e.getMessage()));
    }
    if (rules != null) {
      AlertWiring.problems(config, rules).forEach(p -> problems.add(new Problem(Problem.Kind.RULE, p)));
    }
    AlertWiring.channelProblems(config, rules != null ? rules : RuleSet.empty())
        .forEach(p -> problems.add(new Problem(Problem.Kind.CONFIG, p)));
    return problems.size() == before ? new Checked(rules, exclude) : null;
  }

  /**
   * The {@code exclude} entries as rules: an event any of them matches is dropped. Each entry is
   * compiled on its own, so a problem names its key path ({@code exclude[1].pattern: …}).
   */
  private static RuleSet exclude(Config config, List<Problem> problems) {
    List<Rule> rules = new ArrayList<>();
    List<Config> entries = config.get(RunConfig.EXCLUDE);
    for (int i = 0; i < entries.size(); i++) {
      Rule.Builder rule = Rule.builder("exclude-" + i);
      entries.get(i).find(RunConfig.EXCLUDE_FILTER).ifPresent(rule::filter);
      entries.get(i).find(RunConfig.EXCLUDE_PATTERN)
          .ifPresent(p -> rule.pattern(p.isTextual() ? p.textValue() : p.toString()));
      try {
        rules.add(RuleSet.of(List.of(rule.build())).rules().get(0));
      } catch (InvalidRulesException e) {
        for (RuleProblem p : e.problems()) {
          problems.add(new Problem(Problem.Kind.CONFIG, RunConfig.EXCLUDE.name() + "[" + i + "]." + p.message()));
        }
      }
    }
    try {
      return RuleSet.of(rules);
    } catch (InvalidRulesException e) {
      throw new IllegalStateException("exclusions that compiled one by one compile together", e);
    }
  }
}
