package io.latchkey.notices.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The moments an owner hears about an expiring key: 15 and 7 days before {@code expires_at}, and
 * {@code expires_at} itself (the final notice). {@link #UNUSED_7} is no expiry threshold: the warning, 7 days
 * ahead, that a key unused for the organization's {@code revoke_unused_after_days} will be revoked; its
 * notice's "expiry" is the day of revocation.
 */
public enum Threshold {
    DAYS_15(Duration.ofDays(15), "expires in 15 days"),
    DAYS_7(Duration.ofDays(7), "expires in 7 days"),
    EXPIRED(Duration.ZERO, "has expired"),
    UNUSED_7(Duration.ofDays(7), "will be revoked in 7 days as unused");

    private final Duration before;
    private final String phrase;

    Threshold(Duration before, String phrase) {
        this.before = before;
        this.phrase = phrase;
    }

    public Instant moment(Instant expiresAt) {
        return expiresAt.minus(before);
    }

    /** "expires in 7 days", for subjects. */
    public String phrase() {
        return phrase;
    }

    /** The warning of revocation for disuse, not an expiry notice. */
    public boolean isUnused() {
        return this == UNUSED_7;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    /**
     * The notice due now for a key with this expiry, issued (created or regenerated) at {@code issuedAt}:
     * the latest threshold whose moment has passed, unless that moment had already passed when the
     * expiry was set (a key issued with 10 days left never gets a late 15-day notice). Thresholds
     * passed over while nobody scanned are not sent: only the latest one is.
     */
    public static Optional<Threshold> due(Instant expiresAt, Instant issuedAt, Instant now) {
        Threshold latest = null;
        for (Threshold threshold : values()) {
            if (threshold != UNUSED_7 && !threshold.moment(expiresAt).isAfter(now)) {
                latest = threshold;
            }
        }
        if (latest == null || latest.moment(expiresAt).isBefore(issuedAt)) {
            return Optional.empty();
        }
        return Optional.of(latest);
    }
}
