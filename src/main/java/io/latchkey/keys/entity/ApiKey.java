package io.latchkey.keys.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import io.latchkey.accounts.entity.User;
import io.latchkey.platform.Refusal;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An API key: who owns it, what it may do, until when. Holds only the SHA-256 digest of its secret and
 * the secret's last four characters (for the masked form); the secret itself is never stored.
 */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = ApiKey.BY_DIGEST, query = "select k from ApiKey k where k.secretDigest = :digest")
@NamedQuery(name = ApiKey.BY_PREVIOUS_DIGEST, query = "select k from ApiKey k where k.previousSecretDigest = :digest")
@NamedQuery(name = ApiKey.WITH_PREVIOUS_SECRET, query = "select k from ApiKey k where k.owner.id = :owner"
        + " and k.previousSecretDigest is not null")
@NamedQuery(name = ApiKey.ACTIVE_OF_OWNER, query = "select count(k) from ApiKey k where k.owner.id = :owner"
        + " and k.revokedAt is null and k.expiresAt > :now")
@NamedQuery(name = ApiKey.UNUSED_SINCE, query = "select k from ApiKey k where k.organizationId = :organization"
        + " and k.revokedAt is null and k.expiresAt > :now and k.issuedAt <= :cutoff"
        + " and (k.lastUsedAt is null or k.lastUsedAt <= :cutoff)"
        + " and (k.previousSecretLastUsedAt is null or k.previousSecretLastUsedAt <= :cutoff) order by k.id")
@NamedQuery(name = ApiKey.NEARING_EXPIRY, query = "select k from ApiKey k where k.revokedAt is null"
        + " and k.expiresAt <= :horizon and k.expiresAt > :since order by k.expiresAt")
@NamedQuery(name = ApiKey.EXPIRING_IN_ORGANIZATION, query = "select k from ApiKey k where k.organizationId = :organization"
        + " and k.revokedAt is null and k.expiresAt > :now and k.expiresAt <= :horizon"
        + " order by k.owner.email, k.expiresAt, k.id")
@NamedQuery(name = ApiKey.MADE_BY, query = "select k from ApiKey k join k.parents p where p = :parent"
        + " and k.organizationId = :organization and k.revokedAt is null")
@NamedQuery(name = ApiKey.WITH_SCOPE_TEXT, query = "select k from ApiKey k where k.organizationId = :organization"
        + " and k.scopes like :text")
@NamedQuery(name = ApiKey.ACTIVE_KEYS_OF_OWNER, query = "select k from ApiKey k where k.owner.id = :owner"
        + " and k.revokedAt is null and k.expiresAt > :now")
@NamedQuery(name = ApiKey.COUNT_EXPIRING_IN_ORGANIZATION, query = "select count(k) from ApiKey k"
        + " where k.organizationId = :organization and k.revokedAt is null and k.expiresAt > :now and k.expiresAt <= :horizon")
public class ApiKey {

    public static final String BY_DIGEST = "ApiKey.byDigest";
    public static final String BY_PREVIOUS_DIGEST = "ApiKey.byPreviousDigest";
    public static final String WITH_PREVIOUS_SECRET = "ApiKey.withPreviousSecret";
    /** The highest rate limit a key or an organization's default may have, in requests per minute. */
    public static final int MAX_REQUESTS_PER_MINUTE = 1_000_000;
    /** The longest overlap a regeneration may give the previous secret: seven days. */
    public static final Duration MAX_GRACE_PERIOD = Duration.ofDays(7);
    public static final String ACTIVE_OF_OWNER = "ApiKey.activeOfOwner";
    public static final String NEARING_EXPIRY = "ApiKey.nearingExpiry";
    public static final String UNUSED_SINCE = "ApiKey.unusedSince";
    public static final String EXPIRING_IN_ORGANIZATION = "ApiKey.expiringInOrganization";
    public static final String COUNT_EXPIRING_IN_ORGANIZATION = "ApiKey.countExpiringInOrganization";
    public static final String MADE_BY = "ApiKey.madeBy";
    public static final String ACTIVE_KEYS_OF_OWNER = "ApiKey.activeKeysOfOwner";
    /** Keys whose scopes column contains some text: a superset, to be narrowed with {@link #scopes()}. */
    public static final String WITH_SCOPE_TEXT = "ApiKey.withScopeText";
    public static final int DESCRIPTION_MAX = 200;
    public static final int MAX_SCOPES = 20;

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "organization_id")
    private String organizationId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "owner_id")
    private User owner;

    @ManyToOne(optional = false)
    @JoinColumn(name = "created_by_id")
    private User createdBy;

    /** The key that authenticated the creation; null when a person signed in with a password, session or provider. */
    @Column(name = "created_by_key_id")
    private String createdByKeyId;

    /**
     * Every other key that created, edited or regenerated this one (its lineage): revoking any of them revokes
     * this one too. Read only by the revocation's cascade, never by a key check.
     */
    @ElementCollection
    @CollectionTable(name = "key_lineage", joinColumns = @JoinColumn(name = "key_id"))
    @Column(name = "parent_key_id")
    private Set<String> parents = new HashSet<>();

    private String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "access_level")
    private AccessLevel access;

    @Column(name = "secret_digest")
    private String secretDigest;

    @Column(name = "secret_last4")
    private String secretLast4;

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    /** When the current secret was issued: creation or the latest regeneration. */
    @Column(name = "issued_at")
    private LocalDateTime issuedAt;

    @Column(name = "expires_at")
    private LocalDateTime expiresAt;

    @Column(name = "revoked_at")
    private LocalDateTime revokedAt;

    @Column(name = "last_used_at")
    private LocalDateTime lastUsedAt;

    @Column(name = "last_used_ip")
    private String lastUsedIp;

    /** The secret before the latest regeneration, while its grace period lasts (see {@link #regenerate}). */
    @Column(name = "previous_secret_digest")
    private String previousSecretDigest;

    @Column(name = "previous_secret_expires_at")
    private LocalDateTime previousSecretExpiresAt;

    @Column(name = "previous_secret_last_used_at")
    private LocalDateTime previousSecretLastUsedAt;

    @Column(name = "allowed_cidrs")
    private String allowedCidrs;

    /** The scopes of the organization's services the key carries, space-separated; null: none. */
    @Column(name = "scopes")
    private String scopes;

    /** The key's own rate limit in requests per minute; null: the organization's default. */
    @Column(name = "requests_per_minute")
    private Integer requestsPerMinute;

    @Version
    private long version;

    protected ApiKey() {
    }

    /** {@code createdByKeyId}: the key making the request, null for a person signed in otherwise. */
    public ApiKey(User owner, User createdBy, String createdByKeyId, String description, AccessLevel access,
                  AllowedAddresses addresses, SecretDigest secret, Instant expiresAt, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.organizationId = owner.organization().id();
        this.owner = owner;
        this.createdBy = createdBy;
        this.createdByKeyId = createdByKeyId;
        if (createdByKeyId != null) {
            parents.add(createdByKeyId);
        }
        this.description = description;
        this.access = access;
        this.allowedCidrs = addresses.toColumn();
        this.createdAt = column(now);
        reissue(secret, expiresAt, now);
    }

    /** What the entity keeps of a secret. */
    public record SecretDigest(String digest, String last4) {

        @Override
        public String toString() {
            return "SecretDigest[digest=<hidden>, last4=" + last4 + "]";
        }
    }

    public KeyStatus status(Instant now) {
        if (revokedAt != null) {
            return KeyStatus.REVOKED;
        }
        return expiresAt().isAfter(now) ? KeyStatus.ACTIVE : KeyStatus.EXPIRED;
    }

    public void describe(String description, Instant now) {
        requireActive(now);
        this.description = description;
    }

    public void grant(AccessLevel access, Instant now) {
        requireActive(now);
        this.access = access;
    }

    /** The key's own rate limit from now on; null: the organization's default. */
    public void limitRequests(Integer perMinute, Instant now) {
        requireActive(now);
        if (perMinute != null && (perMinute < 1 || perMinute > MAX_REQUESTS_PER_MINUTE)) {
            throw Refusal.invalid("requests_per_minute", "must be between 1 and " + MAX_REQUESTS_PER_MINUTE);
        }
        this.requestsPerMinute = perMinute;
    }

    /** The key's own rate limit (null: the organization's default applies). */
    public Integer requestsPerMinute() {
        return requestsPerMinute;
    }

    /** Limits the key to these client addresses ({@link AllowedAddresses#any()}: none). */
    public void allowFrom(AllowedAddresses addresses, Instant now) {
        requireActive(now);
        this.allowedCidrs = addresses.toColumn();
    }

    /**
     * The scopes the key carries from now on (empty: none, a key for Latchkey's own API). Whether the owner may
     * grant them is the caller's rule ({@code ServiceCatalog.requireGrantable}); a read-only key with a scope
     * that writes is refused there too.
     */
    public void carry(Set<String> wanted, Instant now) {
        requireActive(now);
        if (wanted.size() > MAX_SCOPES) {
            throw Refusal.invalid("scopes", "must be at most " + MAX_SCOPES);
        }
        scopes = wanted.isEmpty() ? null : String.join(" ", new TreeSet<>(wanted));
    }

    /** Takes these scopes off the key (a service stopped defining them); whether the key had any of them. */
    public boolean withdraw(Set<String> gone) {
        Set<String> kept = new TreeSet<>(scopes());
        if (!kept.removeAll(gone)) {
            return false;
        }
        scopes = kept.isEmpty() ? null : String.join(" ", kept);
        return true;
    }

    /**
     * Replaces the secret. Without a grace period the old one stops working as soon as this commits; with
     * one, it keeps working until {@code now + grace} (never past the key's expiry, which every use checks
     * too). A secret kept from an earlier regeneration ends here either way: at most one old secret lives.
     */
    public void regenerate(SecretDigest secret, Instant expiresAt, Duration grace, Instant now) {
        requireActive(now);
        if (grace.isNegative() || grace.compareTo(MAX_GRACE_PERIOD) > 0) {
            throw Refusal.invalid("grace_period_minutes", "must be between 0 and " + MAX_GRACE_PERIOD.toMinutes());
        }
        endPreviousSecret();
        if (!grace.isZero()) {
            previousSecretDigest = secretDigest;
            previousSecretExpiresAt = column(now.plus(grace));
        }
        reissue(secret, expiresAt, now);
    }

    /**
     * A key changed this one (edit or regeneration): this one joins its lineage, is revoked with it, and never
     * outlives it. A key changing itself adds nothing.
     */
    public void changedBy(String keyId, Instant keyExpiresAt) {
        if (keyId.equals(id)) {
            return;
        }
        parents.add(keyId);
        if (expiresAt().isAfter(keyExpiresAt)) {
            expiresAt = column(keyExpiresAt);
        }
    }

    /** Revoking is idempotent: the first revocation time stays. An old secret in its grace period ends too. */
    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = column(now);
        }
        endPreviousSecret();
    }

    /** Ends the overlap of a regeneration at once (also when the owner is deactivated). */
    public void endPreviousSecret() {
        previousSecretDigest = null;
        previousSecretExpiresAt = null;
    }

    /** Whether an old secret is still in its grace period at {@code now}. */
    public boolean hasPreviousSecret(Instant now) {
        return previousSecretDigest != null && previousSecretExpiresAt().isAfter(now);
    }

    /** The lifetime the current secret was issued with, which a regeneration repeats by default. */
    public Duration lifetime() {
        return Duration.between(issuedAt, expiresAt);
    }

    private void reissue(SecretDigest secret, Instant expiresAt, Instant now) {
        this.secretDigest = secret.digest();
        this.secretLast4 = secret.last4();
        this.issuedAt = column(now);
        this.expiresAt = column(expiresAt);
    }

    private void requireActive(Instant now) {
        KeyStatus status = status(now);
        if (status != KeyStatus.ACTIVE) {
            throw Refusal.conflict("key_not_active",
                    "The key is " + status.wireName() + "; only active keys can be changed");
        }
    }

    public String id() {
        return id;
    }

    public String organizationId() {
        return organizationId;
    }

    public User owner() {
        return owner;
    }

    public User createdBy() {
        return createdBy;
    }

    public String createdByKeyId() {
        return createdByKeyId;
    }

    public String description() {
        return description;
    }

    public AccessLevel access() {
        return access;
    }

    public String secretDigest() {
        return secretDigest;
    }

    public String secretLast4() {
        return secretLast4;
    }

    public Instant createdAt() {
        return instant(createdAt);
    }

    public Instant issuedAt() {
        return instant(issuedAt);
    }

    public Instant expiresAt() {
        return instant(expiresAt);
    }

    public Instant revokedAt() {
        return instant(revokedAt);
    }

    public Instant lastUsedAt() {
        return instant(lastUsedAt);
    }

    public String lastUsedIp() {
        return lastUsedIp;
    }

    public String previousSecretDigest() {
        return previousSecretDigest;
    }

    /** Until when the old secret of the latest regeneration works; null without one. */
    public Instant previousSecretExpiresAt() {
        return instant(previousSecretExpiresAt);
    }

    /** The latest use of an old secret during a grace period; null if none was seen. */
    public Instant previousSecretLastUsedAt() {
        return instant(previousSecretLastUsedAt);
    }

    /**
     * When the key was last shown to be wanted: its latest use (of either secret during a rotation), or its
     * creation or regeneration if later.
     */
    public Instant lastActivity() {
        Instant latest = issuedAt();
        for (Instant use : new Instant[] {lastUsedAt(), previousSecretLastUsedAt()}) {
            if (use != null && use.isAfter(latest)) {
                latest = use;
            }
        }
        return latest;
    }

    /** The scopes the key carries, in name order; empty: none. */
    public SortedSet<String> scopes() {
        return scopes == null ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(Arrays.asList(scopes.split(" "))));
    }

    public boolean isReadOnly() {
        return access == AccessLevel.READ_ONLY;
    }

    public AllowedAddresses allowedAddresses() {
        return AllowedAddresses.fromColumn(allowedCidrs);
    }
}
