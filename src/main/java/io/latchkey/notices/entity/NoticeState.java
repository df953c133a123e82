package io.latchkey.notices.entity;

/**
 * PENDING: waiting to be sent (again). SENDING: leased by one scanner until {@code lease_until};
 * a lease that runs out means its scanner died, and the notice is sent again (the one duplicate SMTP
 * cannot rule out, recognisable by its Message-ID). SENT and FAILED are final; CANCELLED means the
 * mail was no longer needed when its turn came (see the row's {@code cancel_reason}). Notices,
 * escalations and digests share these states.
 */
public enum NoticeState {
    PENDING, SENDING, SENT, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase();
    }
}
