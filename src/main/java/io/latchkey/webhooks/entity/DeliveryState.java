package io.latchkey.webhooks.entity;

import java.util.Arrays;
import java.util.Optional;

/** Where a delivery stands: waiting (or retrying), being sent under a lease, answered 2xx, or given up. */
public enum DeliveryState {
    PENDING, SENDING, DELIVERED, FAILED;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<DeliveryState> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
