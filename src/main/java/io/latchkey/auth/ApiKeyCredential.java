package io.latchkey.auth;

import jakarta.security.enterprise.credential.Credential;

/** A presented API key, as read from {@code Authorization: Bearer} or {@code X-API-Key}. */
record ApiKeyCredential(String key) implements Credential {

    @Override
    public String toString() {
        return "ApiKeyCredential[<hidden>]";
    }
}
