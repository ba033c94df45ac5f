/**
 * CloudWatch Logs filter patterns ({@link dev.cairn.match.filterpattern.FilterPattern}), compiled
 * once into a small tree of evaluator nodes and matched against CloudTrail records. This package
 * depends on nothing else in {@code dev.cairn.match}; rules are built on it, not the reverse.
 *
 * <p>What AWS documents, followed here (spec {@code filter-patterns-and-alarms.md} §2–5; CloudWatch
 * Logs user guide "Filter pattern syntax for metric filters, subscription filters, filter log
 * events, and Live Tail", and the TestMetricFilter API reference):
 *
 * <ul>
 *   <li>Text terms, bare or quoted, match any substring of the message ({@code "[ERROR]" Exception}
 *       matches "... InvalidQueryException"); {@code -term} excludes messages containing it.
 *   <li>{@code ?term}: when every term has {@code ?}, any one must occur; combined with other terms,
 *       the {@code ?} terms are ignored (and reported as warnings).
 *   <li>Selectors: {@code $.a.b}, {@code $.a[0]}, {@code $.['key.with.dots']}, and the wildcards
 *       {@code $.*} and {@code $.a[*]}: at most one per selector and three per pattern.
 *   <li>A {@code *} at the start or end of a value is a wildcard, and wildcard values also match
 *       numbers ({@code 4*} matches 404); a {@code *} in the middle is a literal character
 *       ("Ev*ent will only match the actual string Ev*ent"), reported as a warning.
 *   <li>Space-delimited {@code []} matches everything; an empty last slot ({@code [..., a=1,]}) is an
 *       unnamed field without conditions.
 *   <li>Regexes: the documented characters plus the space that AWS's own example
 *       {@code %^starting|^initializing|^shutting down%} uses; at most two per pattern.
 * </ul>
 *
 * <p>Decisions where AWS documents nothing:
 *
 * <ul>
 *   <li>Regexes run on RE2/J, in time linear in the value, never by backtracking (event values are
 *       written by whoever made the call; see {@code Regexes}). Within the documented syntax this
 *       differs from {@code java.util.regex} only in that {@code $} matches at the very end (not
 *       also before a final line break) and {@code \s} leaves out the vertical tab.
 *   <li>Text terms: inside quotes, {@code \"} and {@code \\} are escapes; a blank quoted phrase
 *       ({@code " "}) matches everything.
 *   <li>JSON comparisons need a scalar of the matching type, for {@code !=} too: exact strings and
 *       regexes match JSON strings only, wildcard values match strings and numbers (a number by its
 *       JSON text as Jackson prints it: integers as written, decimals as Java prints the double);
 *       unquoted numbers compare numerically with JSON numbers only; booleans and null are tested
 *       with {@code IS TRUE/FALSE/NULL}. A lone {@code *} matches any scalar. Absent fields, objects
 *       and arrays match nothing except {@code NOT EXISTS} (absent only; a JSON null exists).
 *   <li>A wildcard step ({@code .*} or {@code [*]}, as in JSONPath) selects the members of an object
 *       and the elements of an array, one level deep. A comparison on a wildcard selector holds when
 *       it holds for any selected value ({@code !=} included); {@code NOT EXISTS} holds when it
 *       selects nothing. {@code ['key']} is accepted with or without the leading dot.
 *   <li>Leading and trailing runs of {@code *} count as one wildcard; there is no escape for a
 *       literal {@code *} at either end. Parentheses nest at most 32 deep; patterns are at most
 *       1,024 characters.
 *   <li>Space-delimited: fields split on whitespace; a field starting with {@code [} or {@code "}
 *       runs to the matching close (or the end of the message) and its value excludes them. Without
 *       {@code ...} the last slot takes the rest of the line; conditions in a slot may only test
 *       that slot's field; numeric comparisons need a field that is a number; empty slots other
 *       than the last are rejected.
 * </ul>
 */
package dev.cairn.match.filterpattern;
