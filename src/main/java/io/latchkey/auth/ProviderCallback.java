package io.latchkey.auth;

import jakarta.security.enterprise.credential.Credential;

/**
 * The browser back from the OpenID Connect provider: the {@code state} and {@code code} of the callback,
 * and the secret of the cookie the sign-in was started with. Never printed.
 */
public record ProviderCallback(String state, String browserSecret, String code) implements Credential {

    @Override
    public String toString() {
        return "ProviderCallback[<hidden>]";
    }
}
