/**
 * What happens after a match, one package per step: {@code enrich} (who, MFA, account by name),
 * {@code route} (which channels), {@code render} (templates), the outbox (in the runtime's state
 * store) and {@code deliver} (retries, pacing, a circuit breaker per channel), through the {@code
 * channel}s. {@link dev.cairn.alert.Alert} is what travels between them.
 */
package dev.cairn.alert;
