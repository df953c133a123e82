package io.latchkey.accounts.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether an organization's admins get a digest of keys expiring soon: {@code off} or {@code weekly}. */
public enum DigestSchedule {
    OFF, WEEKLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DigestSchedule> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
