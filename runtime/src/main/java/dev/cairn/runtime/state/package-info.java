/**
 * Cairn's durable state: {@link dev.cairn.runtime.state.StateStore} and one interface per concern
 * ({@link dev.cairn.runtime.state.InputLedger} for progress per input, {@link
 * dev.cairn.runtime.state.ActionLog} for events acted on), with an SQLite implementation behind
 * them whose schema moves forward by ordered, numbered migrations ({@code PRAGMA user_version}).
 */
package dev.cairn.runtime.state;
