package io.latchkey.accounts.control;

/**
 * A CDI event, fired inside the transaction that deactivates a user, for what other components hold on the
 * user's behalf (the keys component ends the old secrets of their keys' regenerations).
 */
public record UserDeactivated(String userId) {
}
