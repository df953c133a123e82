package io.latchkey.api;

/**
 * A response entity that a standard fixes to the letter (RFC 7662 introspection): written as it is, without
 * Latchkey's envelope.
 */
public interface Unenveloped {
}
