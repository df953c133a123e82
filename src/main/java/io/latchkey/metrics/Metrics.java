package io.latchkey.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * This instance's counters, kept in memory as plain adders (so counting on the key-check path is a few
 * nanoseconds, no allocation), read by {@code io.latchkey.monitoring.MetricsResource}. Depends on nothing of Latchkey,
 * so that every component may count. Labels are small fixed sets: never a key, a digest,
 * an email or an address.
 */
@ApplicationScoped
public class Metrics {

    /** Where a key was checked. */
    public enum CheckPath {
        API, FORWARD_AUTH, VERIFY, INTROSPECT
    }

    /**
     * How a check ended: the key's own outcome, or — for a good key — the route's refusal ({@code scope}: a scope
     * it needs; {@code owner_role}: the owner may no longer use keys; {@code read_only}: a write with a read-only
     * key at a gateway; {@code rate_limited}: over its limit).
     */
    public enum CheckOutcome {
        VALID, MALFORMED, UNKNOWN, REVOKED, EXPIRED, OWNER_INACTIVE, ADDRESS, SCOPE, OWNER_ROLE, READ_ONLY, RATE_LIMITED

    }

    /** Why a request was refused with 429. */
    public enum Throttle {
        FAILED_AUTHENTICATION, RATE_LIMIT
    }

    /** The mail of the outbox. */
    public enum MailKind {
        NOTICE, ESCALATION, DIGEST
    }

    /** Upper bounds of the key-check latency buckets, in seconds (and {@code +Inf}). */
    public static final double[] BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 1};
    private static final long[] BUCKET_NANOS = new long[BUCKETS.length];

    static {
        for (int i = 0; i < BUCKETS.length; i++) {
            BUCKET_NANOS[i] = Math.round(BUCKETS[i] * 1e9);
        }
    }

    private final LongAdder[][] checks = adders(CheckPath.values().length, CheckOutcome.values().length);
    /** Per path: a count per bucket (not cumulative; the last is above every bound), then the sum in nanoseconds. */
    private final LongAdder[][] latency = adders(CheckPath.values().length, BUCKETS.length + 2);
    private final LongAdder[] throttled = adders(1, Throttle.values().length)[0];
    private final LongAdder[][] mails = adders(MailKind.values().length, 2);
    private final LongAdder[] webhookAttempts = adders(1, 2)[0];

    private static LongAdder[][] adders(int rows, int columns) {
        LongAdder[][] adders = new LongAdder[rows][columns];
        for (LongAdder[] row : adders) {
            for (int i = 0; i < columns; i++) {
                row[i] = new LongAdder();
            }
        }
        return adders;
    }

    public void keyChecked(CheckPath path, CheckOutcome outcome) {
        checks[path.ordinal()][outcome.ordinal()].increment();
    }

    /** How long the check of the key itself took (format, memory or database, and the verdict). */
    public void checkTook(CheckPath path, long nanos) {
        LongAdder[] row = latency[path.ordinal()];
        int bucket = 0;
        while (bucket < BUCKET_NANOS.length && nanos > BUCKET_NANOS[bucket]) {
            bucket++;
        }
        row[bucket].increment();
        row[BUCKETS.length + 1].add(nanos);
    }

    public void throttled(Throttle why) {
        throttled[why.ordinal()].increment();
    }

    public void mail(MailKind kind, boolean sent) {
        mails[kind.ordinal()][sent ? 0 : 1].increment();
    }

    public void webhookAttempt(boolean delivered) {
        webhookAttempts[delivered ? 0 : 1].increment();
    }

    public long checks(CheckPath path, CheckOutcome outcome) {
        return checks[path.ordinal()][outcome.ordinal()].sum();
    }

    /** The latency buckets of a path, not cumulative, the last above every bound; then the sum in nanoseconds. */
    public long[] latency(CheckPath path) {
        LongAdder[] row = latency[path.ordinal()];
        long[] values = new long[row.length];
        for (int i = 0; i < row.length; i++) {
            values[i] = row[i].sum();
        }
        return values;
    }

    public long throttledCount(Throttle why) {
        return throttled[why.ordinal()].sum();
    }

    public long mails(MailKind kind, boolean sent) {
        return mails[kind.ordinal()][sent ? 0 : 1].sum();
    }

    public long webhookAttempts(boolean delivered) {
        return webhookAttempts[delivered ? 0 : 1].sum();
    }
}
