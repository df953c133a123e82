package io.latchkey.api;

import java.time.Instant;

/** The success body: {@code {"request_id", "timestamp", "data", "pagination"?}}. */
public record Envelope(String requestId, Instant timestamp, Object data, Page.Pagination pagination) {
}
