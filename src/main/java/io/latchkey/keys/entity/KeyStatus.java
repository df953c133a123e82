package io.latchkey.keys.entity;

import java.util.Arrays;
import java.util.Optional;

/** Derived, never stored: revoked wins over expired, and expiry is judged against the clock. */
public enum KeyStatus {
    ACTIVE("active"),
    REVOKED("revoked"),
    EXPIRED("expired");

    private final String wireName;

    KeyStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<KeyStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(name)).findFirst();
    }
}
