package io.latchkey.auth;

import jakarta.security.enterprise.credential.Credential;

/**
 * A presented API key, as read from {@code Authorization: Bearer} or {@code X-API-Key}, and the address of
 * the client that presented it (null until the mechanism has determined it), which a key limited to some
 * networks is checked against.
 */
record ApiKeyCredential(String key, String clientAddress) implements Credential {

    ApiKeyCredential(String key) {
        this(key, null);
    }

    ApiKeyCredential from(String address) {
        return new ApiKeyCredential(key, address);
    }

    @Override
    public String toString() {
        return "ApiKeyCredential[<hidden>]";
    }
}
