package dev.cairn.alarm.evaluate;

/** The states of a CloudWatch alarm, spelled as CloudWatch spells them ({@code StateValue}). */
public enum AlarmState {
  /** Within the threshold. */
  OK,
  /** Breaching. */
  ALARM,
  /** Just created, or not enough data to decide. */
  INSUFFICIENT_DATA
}
