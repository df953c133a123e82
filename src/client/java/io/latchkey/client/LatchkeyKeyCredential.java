package io.latchkey.client;

import jakarta.security.enterprise.credential.Credential;

/**
 * A key presented to the application, with the address its client connected from. {@link LatchkeyIdentityStore}
 * records here why it refused the key, which the mechanism turns into 401, 429 or 503. {@code toString} hides the key.
 * An application may check a key that did not come in an HTTP header (a WebSocket handshake, a message) the same way:
 * {@code identityStoreHandler.validate(new LatchkeyKeyCredential(key, clientIp))}.
 */
public final class LatchkeyKeyCredential implements Credential {

    /** Why a key was not let in, when not because it is invalid. */
    enum Refusal {
        INVALID, RATE_LIMITED, UNAVAILABLE
    }

    private final String key;
    private final String clientIp;
    private volatile Refusal refusal = Refusal.INVALID;
    private volatile String retryAfter;

    public LatchkeyKeyCredential(String key, String clientIp) {
        this.key = key;
        this.clientIp = clientIp;
    }

    String key() {
        return key;
    }

    String clientIp() {
        return clientIp;
    }

    Refusal refusal() {
        return refusal;
    }

    String retryAfter() {
        return retryAfter;
    }

    void refused(Refusal why, String retryAfter) {
        this.refusal = why;
        this.retryAfter = retryAfter;
    }

    @Override
    public String toString() {
        return "LatchkeyKeyCredential[key=<hidden>, clientIp=" + clientIp + "]";
    }
}
