/**
 * CloudWatch Logs filter patterns ({@link dev.cairn.match.filterpattern.FilterPattern}), compiled
 * once into a small tree of evaluator nodes and matched against CloudTrail records.
 *
 * <p>Decisions where AWS documents nothing (spec {@code filter-patterns-and-alarms.md} §1–5):
 *
 * <ul>
 *   <li>Text terms: a bare term matches a whole token (a maximal run of letters, digits and '_');
 *       a quoted phrase matches as a substring, and a blank quoted phrase ({@code " "}) matches
 *       everything. Each {@code ?term} starts a new OR group that the following unprefixed and
 *       {@code -} terms join; terms before the first {@code ?} form the first group. Inside quotes,
 *       {@code \"} and {@code \\} are escapes.
 *   <li>JSON comparisons need a scalar of the matching type, for {@code !=} too: strings, wildcards
 *       and regexes match JSON strings only; unquoted numbers compare numerically with JSON numbers
 *       only; booleans and null are tested with {@code IS TRUE/FALSE/NULL}. A lone {@code *} matches
 *       any scalar (string, number, boolean or null). Absent fields, objects and arrays match
 *       nothing except {@code NOT EXISTS} (absent only; a JSON null exists).
 *   <li>{@code *} is a wildcard anywhere in a value, quoted or not; there is no escape for a
 *       literal {@code *}. Parentheses nest at most 32 deep; patterns are at most 1,024
 *       characters with at most 2 regexes.
 *   <li>Space-delimited: fields split on whitespace; a field starting with {@code [} or {@code "}
 *       runs to the matching close (or the end of the message) and its value excludes them. Without
 *       {@code ...} the last slot takes the rest of the line; conditions in a slot may only test
 *       that slot's field; numeric comparisons need a field that is a number.
 * </ul>
 */
package dev.cairn.match.filterpattern;
