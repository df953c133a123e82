package io.latchkey.accounts.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * A tenant: its users and keys are invisible to every other organization. Holds the key policy that
 * governs new keys and regenerations.
 */
@Entity
@Table(name = "organizations")
@NamedQuery(name = Organization.COUNT, query = "select count(o) from Organization o")
@NamedQuery(name = Organization.REVOKING_UNUSED, query = "select o from Organization o where o.revokeUnusedAfterDays > 0 order by o.id")
@NamedQuery(name = Organization.WITH_DIGEST, query = "select o.id from Organization o where o.expiryDigest = :schedule order by o.id")
public class Organization {

    public static final String COUNT = "Organization.count";
    public static final String WITH_DIGEST = "Organization.withDigest";
    public static final String REVOKING_UNUSED = "Organization.revokingUnused";
    /** The hard ceiling on any key's lifetime, whatever an organization's policy says. */
    public static final int LIFETIME_CEILING_DAYS = 365;
    /** The shortest disuse after which keys may be revoked: longer than the 7-day warning. */
    public static final int UNUSED_MIN_DAYS = 30;

    @Id
    @Column(length = 36)
    private String id;

    private String name;

    @Column(name = "max_key_lifetime_days")
    private int maxKeyLifetimeDays;

    @Column(name = "default_key_lifetime_days")
    private int defaultKeyLifetimeDays;

    @Column(name = "max_keys_per_user")
    private int maxKeysPerUser;

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    /** Whether the admins get a digest of keys expiring soon. */
    @Enumerated(EnumType.STRING)
    @Column(name = "expiry_digest")
    private DigestSchedule expiryDigest;

    /** Keys unused for this many days are revoked by the scan; 0: never. */
    @Column(name = "revoke_unused_after_days")
    private int revokeUnusedAfterDays;

    /** The rate limit of keys that have none of their own, in requests per minute; 0: none. */
    @Column(name = "default_requests_per_minute")
    private int defaultRequestsPerMinute;

    protected Organization() {
    }

    public Organization(String name, KeyPolicy policy, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.name = name;
        this.maxKeyLifetimeDays = policy.maxKeyLifetimeDays();
        this.defaultKeyLifetimeDays = policy.defaultKeyLifetimeDays();
        this.maxKeysPerUser = policy.maxKeysPerUser();
        this.createdAt = column(now);
        this.expiryDigest = DigestSchedule.OFF;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public void rename(String name) {
        this.name = name;
    }

    /** Applies to new keys and regenerations only: existing keys keep their expiry. */
    public void changeKeyPolicy(KeyPolicy policy) {
        this.maxKeyLifetimeDays = policy.maxKeyLifetimeDays();
        this.defaultKeyLifetimeDays = policy.defaultKeyLifetimeDays();
        this.maxKeysPerUser = policy.maxKeysPerUser();
    }

    public DigestSchedule expiryDigest() {
        return expiryDigest;
    }

    public void scheduleDigest(DigestSchedule schedule) {
        this.expiryDigest = schedule;
    }

    /** 0 (off) or {@value #UNUSED_MIN_DAYS}..{@value #LIFETIME_CEILING_DAYS} days. */
    public int revokeUnusedAfterDays() {
        return revokeUnusedAfterDays;
    }

    public void revokeUnusedAfter(int days) {
        if (days != 0 && (days < UNUSED_MIN_DAYS || days > LIFETIME_CEILING_DAYS)) {
            throw new IllegalArgumentException("revoke_unused_after_days must be 0 or " + UNUSED_MIN_DAYS + ".."
                    + LIFETIME_CEILING_DAYS + ", not " + days);
        }
        this.revokeUnusedAfterDays = days;
    }

    /** 0 (no default) or 1..{@value io.latchkey.keys.entity.ApiKey#MAX_REQUESTS_PER_MINUTE}. */
    public int defaultRequestsPerMinute() {
        return defaultRequestsPerMinute;
    }

    public void limitRequestsByDefault(int perMinute) {
        if (perMinute < 0 || perMinute > io.latchkey.keys.entity.ApiKey.MAX_REQUESTS_PER_MINUTE) {
            throw new IllegalArgumentException("default_requests_per_minute out of range: " + perMinute);
        }
        this.defaultRequestsPerMinute = perMinute;
    }

    public Instant createdAt() {
        return instant(createdAt);
    }

    public KeyPolicy keyPolicy() {
        return new KeyPolicy(maxKeyLifetimeDays, defaultKeyLifetimeDays, maxKeysPerUser);
    }
}
