package io.latchkey.grid;

/**
 * Delivered (synchronously, as a CDI event) to this instance's in-memory caches when {@code what} has
 * changed, here or on another instance, after the change committed. Observers drop what it covers.
 */
public record Invalidated(Invalidation what) {
}
