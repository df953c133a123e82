package io.latchkey.grid;

/**
 * A change stream's client confirmed that it took {@code change} (an {@link Invalidation}'s id) on {@code stream},
 * authenticated as {@code credential} (a key's or a user's id). Fired on every instance (the stream may be on any of
 * them); the one holding the stream checks the credential and lets the change's call return.
 */
public record StreamAcknowledged(String stream, String change, String credential) {
}
