package io.latchkey.webhooks.control;

/** A CDI event: deliveries were written in the current transaction; observed after it commits. */
public record DeliveriesQueued() {
}
