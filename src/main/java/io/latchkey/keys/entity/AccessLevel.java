package io.latchkey.keys.entity;

import java.util.Arrays;
import java.util.Optional;

/** What a key may do on top of its owner's roles: read only (safe methods) or read and write. */
public enum AccessLevel {
    READ_ONLY("read_only"),
    READ_WRITE("read_write");

    private final String wireName;

    AccessLevel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AccessLevel> fromWireName(String name) {
        return Arrays.stream(values()).filter(level -> level.wireName.equals(name)).findFirst();
    }
}
