package io.latchkey.grid;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this instance may answer from memory right now: only while it holds a lease that
 * {@link Members} renews in the database, and which lapses on its own (monotonic clock) when renewals
 * stop or fail. Read on every key check, so it is one volatile read and a clock comparison.
 */
@ApplicationScoped
public class Lease {

    private static final long NONE = Long.MIN_VALUE;

    private volatile long validUntilNanos = NONE;

    public boolean held() {
        long until = validUntilNanos;
        return until != NONE && System.nanoTime() - until < 0;
    }

    void grant(long renewalStartedNanos, long lengthNanos) {
        validUntilNanos = renewalStartedNanos + lengthNanos;
    }

    void drop() {
        validUntilNanos = NONE;
    }
}
