/**
 * CloudWatch Logs metric filters as the engine's {@link dev.cairn.runtime.Measurer}: matching events
 * to datapoints by event minute and arrival minute, contributor counts and samples, keyed as {@link
 * dev.cairn.alarm.metric.Series} says.
 */
package dev.cairn.alarm.metric;
