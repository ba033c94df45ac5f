/**
 * Templates: the EventBridge input transformer, verbatim syntax, plus Cairn's enriched facts.
 * {@link dev.cairn.alert.render.Template#compile(String, InputTransformer)} checks a template once
 * at configuration time and reports every problem with its key path and line:column; {@link
 * dev.cairn.alert.render.Template#render(TemplateInput)} fills it per event. Output is raw text:
 * nothing is escaped for HTML, Slack or any other format (each channel escapes once for its own).
 *
 * <h2>Syntax (EventBridge)</h2>
 * An {@code InputPathsMap} (variable name to JSON path, at most 100) and an {@code InputTemplate}
 * (1 to 8,192 characters, counted as UTF-16 code units) with {@code <name>} placeholders
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html,
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html).
 * <ul>
 *   <li>The template is a JSON object ({@code {…}}) or one or more JSON string literals separated
 *       by whitespace ({@code "…"}; AWS accepts and sends several, one per line). Anything else is
 *       rejected: the user guide's "For Strings, quotes are required" wins over the API
 *       reference's unquoted example {@code <instance> is in state <status>}.
 *   <li>A placeholder stands for a value (outside quotes, where JSON allows a value) or for text
 *       inside a string literal; never for an object key, not even part of one.
 *   <li>A placeholder is {@code <} + a name of letters, digits, {@code _}, {@code -}, {@code .} +
 *       {@code >}; every such name must be a key of {@code InputPathsMap} or a predefined variable
 *       (AWS rejects others at PutTargets: "contains invalid placeholder"). Inside a string any
 *       other {@code <} is text ({@code </script>}, {@code <!channel>}, {@code a < b}). {@code <}
 *       and {@code >} cannot be escaped in EventBridge; in Cairn <code>&#92;u003c</code> inside a string
 *       gives a literal {@code <} that is never a placeholder.
 *   <li>Keys: 1 to 256 of {@code [A-Za-z0-9_-]}; {@code AWS.}/{@code aws.} and the predefined names
 *       are reserved, and so is {@code cairn.}. Paths: at most 256 characters of {@code $}, {@code
 *       .name} (letters, digits, {@code -}, {@code _}, {@code /}), {@code [n]}, {@code .*}, {@code
 *       [*]}; bracket-quoted names ("use dot notation, not bracket notation"), filters, slices,
 *       negative indexes and {@code ..} are rejected. AWS does not check paths when a target is
 *       created; Cairn does, at configuration time.
 *   <li>Strings follow JSON: valid escapes only, no raw control characters (write {@code \n}).
 *       Objects and arrays nest at most 64 deep.
 * </ul>
 *
 * <h2>Predefined variables</h2>
 * <ul>
 *   <li>{@code <aws.events.rule-name>}: the Cairn rule's id; {@code <aws.events.rule-arn>}: what
 *       the caller passes (Cairn rules have no ARN).
 *   <li>{@code <aws.events.event.ingestion-time>}: when Cairn received the event, ISO-8601 in
 *       seconds ({@code 2015-11-11T21:30:01Z}).
 *   <li>{@code <aws.events.event>}: the envelope without {@code detail}, fields in EventBridge's
 *       order with {@code detail-type} spelled {@code detailType}
 *       ({@code id, account, detailType, time, source, region, resources, version}) as AWS sends it
 *       (recorded against AWS in LocalStack's {@code test_events_inputs.snapshot.json}; the spec
 *       had this as unverified). {@code <aws.events.event.json>}: the whole envelope. Both only as a
 *       JSON value, never inside a string (the guide: "its contents are not escaped").
 *   <li>{@code <cairn.NAME>}: the event's {@link dev.cairn.alert.Alert.Facts facts} under the
 *       names of the webhook body: {@code cairn.account}, {@code accountAlias}, {@code region},
 *       {@code actor}, {@code mfa}, {@code sourceIPAddress}, {@code kind}, {@code category}, {@code
 *       readOnly} (a JSON boolean), {@code outcome}, {@code errorCode}, {@code errorMessage}, {@code
 *       eventName}, {@code eventSource}, {@code eventTime}, {@code userAgent}, {@code principalArn};
 *       and {@code cairn.rule}, {@code cairn.severity}. A dotted prefix like EventBridge's own
 *       {@code aws.events.}: no {@code InputPathsMap} key can contain a dot, so no user variable can
 *       shadow a Cairn one and every EventBridge template stays valid as it is. They are variables
 *       rather than paths ({@code $.cairn.…}) because paths address the event, and the facts are
 *       not part of it.
 * </ul>
 *
 * <h2>Values</h2>
 * Paths are evaluated against the event's EventBridge envelope ({@code $.detail.…} is the
 * CloudTrail record; a bare record gets the envelope EventBridge would build). A path without a
 * wildcard gives one value or nothing; a path with one gives a JSON array of every match.
 * <table>
 *   <caption>what a placeholder becomes</caption>
 *   <tr><th>value</th><th>as a JSON value</th><th>inside a string</th></tr>
 *   <tr><td>string</td><td>the JSON string</td><td>its text</td></tr>
 *   <tr><td>number, boolean, null</td><td>as is</td><td>its JSON text ({@code 42}, {@code true}, {@code null})</td></tr>
 *   <tr><td>object, array</td><td>compact JSON</td><td>compact JSON text (AWS strips the quotes: {@code [HIGH]})</td></tr>
 *   <tr><td>missing</td><td>{@code ""}</td><td>nothing</td></tr>
 * </table>
 * A missing path: the guide says only "that variable isn't created and won't appear in the
 * output"; AWS sends {@code ""} in both contexts (LocalStack's AWS-recorded snapshot: {@code
 * "command": ""} and {@code "…detail "}), and so does Cairn. The spec's {@code null} for a value was
 * a guess; AWS wins.
 *
 * <p>Value maps (Cairn's addition, {@link dev.cairn.alert.render.InputTransformer#valueMaps()}):
 * per variable, a table from a value's text (a string itself, a number or boolean as JSON text, a
 * missing value as {@code ""}) to replacement text; values not in the table, objects and arrays
 * pass unchanged. For example {@code "cairn.mfa": {"yes": "True", "no": "False"}}.
 *
 * <h2>Escaping and output</h2>
 * EventBridge does not escape values it puts inside strings, so a {@code "} in an event breaks
 * the JSON or injects structure. Cairn JSON-escapes them ({@code "}, {@code \}, control
 * characters, unpaired surrogates), and values placed as JSON values are written as JSON: the
 * EventBridge form ({@link dev.cairn.alert.render.Template#renderAsEventBridge}) is always valid
 * JSON. {@link dev.cairn.alert.render.Template#render} gives, for a JSON template, that same JSON
 * (the template's own text and whitespace as written); for a string template, the text the
 * strings stand for: escapes decoded, quotes dropped, whitespace between two strings kept, values
 * exactly as they are. Values are never re-read as templates: a value {@code <cairn.actor>} stays
 * that text.
 */
package dev.cairn.alert.render;
