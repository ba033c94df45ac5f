package dev.cairn.match;

/**
 * One thing wrong with a rule file, located precisely: on the offending key or value, or, inside a
 * pattern, on the offending character.
 *
 * @param file the rule file (as given)
 * @param line 1-based line in the file, 0 when unknown
 * @param column 1-based column in the file, 0 when unknown
 * @param ruleId the rule's id when known, else null
 * @param message what is wrong and what to write instead
 * @param warning true for something that loads but probably does not do what was meant (a lint);
 *     false for an error that stops the rules from loading
 */
public record RuleProblem(String file, int line, int column, String ruleId, String message, boolean warning) {

  /** An error. */
  public RuleProblem(String file, int line, int column, String ruleId, String message) {
    this(file, line, column, ruleId, message, false);
  }

  /** {@code rules.yaml:12:5: rule 'root-login': filter: expected …}. */
  public String describe() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    text.append(": ");
    if (ruleId != null) {
      text.append("rule '").append(ruleId).append("': ");
    }
    return text.append(message).toString();
  }
}
