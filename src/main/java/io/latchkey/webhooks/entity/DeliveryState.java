package io.latchkey.webhooks.entity;

/** Where a delivery stands: waiting (or retrying), being sent under a lease, answered 2xx, or given up. */
public enum DeliveryState {
    PENDING, SENDING, DELIVERED, FAILED;

    public String wireName() {
        return name().toLowerCase();
    }
}
