package io.latchkey.notices.control;

import io.latchkey.notices.entity.Threshold;
import java.time.Instant;

/**
 * A CDI event, fired inside the transaction that claims a notice (whether or not mail can be sent), for
 * components that tell others of keys nearing their end (webhooks). {@code keyExpiresAt}: the key's expiry,
 * or for {@link Threshold#UNUSED_7} the day it is revoked unless used.
 */
public record NoticeClaimed(String organizationId, String keyId, Threshold threshold, Instant keyExpiresAt, Instant at) {
}
