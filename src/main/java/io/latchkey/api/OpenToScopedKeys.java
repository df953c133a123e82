package io.latchkey.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource class that a key carrying scopes may call. Such a key is for the organization's services
 * (forward-auth checks it for them); of Latchkey's own API it reaches only what is marked so, such as
 * {@code GET /me}: everything else is 403 {@code key_scoped}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OpenToScopedKeys {
}
