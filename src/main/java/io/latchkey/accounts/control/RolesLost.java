package io.latchkey.accounts.control;

/**
 * A CDI event, fired inside the transaction that takes a role from a user (an admin's change, or the groups of
 * a directory or provider user), for what holds rights on the user's behalf: the keys component revokes the
 * keys the user's keys made.
 */
public record RolesLost(String userId) {
}
