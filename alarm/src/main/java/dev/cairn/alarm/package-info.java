/**
 * Metric filters and CloudWatch alarms over CloudTrail events: definitions and config ({@link
 * dev.cairn.alarm.AlarmConfig}, {@link dev.cairn.alarm.Alarms}), the per-minute evaluation with its
 * persisted states ({@link dev.cairn.alarm.AlarmService}), escalation ladders, silence detection,
 * the heartbeat, the CIS pack, and the replay of history ({@link dev.cairn.alarm.Backtest}). Stages:
 * {@code metric} (events to datapoints, in the engine), {@code evaluate} (pure CloudWatch rules),
 * {@code notify} (CloudWatch's SNS message and Cairn's context as alerts in the outbox).
 */
package dev.cairn.alarm;
