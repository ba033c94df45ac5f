/**
 * Alarm notifications: the message CloudWatch publishes to SNS ({@link
 * dev.cairn.alarm.notify.Notice}), its reason sentences ({@link dev.cairn.alarm.notify.Reason}) and
 * region display names ({@link dev.cairn.alarm.notify.Regions}), as alerts every channel renders.
 */
package dev.cairn.alarm.notify;
