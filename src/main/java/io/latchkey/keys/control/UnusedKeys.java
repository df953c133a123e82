package io.latchkey.keys.control;

import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.grid.Invalidation;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.KeyStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unused-key policy ({@code revoke_unused_after_days}): a key of such an organization not used for that
 * many days — since its latest use with either secret, or its creation or regeneration if later — is revoked,
 * its owner having been warned {@link #WARNING} before. A key that expires before that day is left to expiry.
 * Runs in the caller's transaction.
 */
@ApplicationScoped
public class UnusedKeys {

    /** How long before the day of revocation the owner is warned; a key is never revoked sooner after its warning. */
    public static final Duration WARNING = Duration.ofDays(7);

    /** A key whose day of revocation for disuse is at most {@link #WARNING} away (or past). */
    public record Candidate(String keyId, String organizationId, Instant lastActivity, Instant revokeOn, Instant issuedAt) {
    }

    @Inject
    KeyStore keys;

    @Inject
    UserStore users;

    @Inject
    AuditLog audit;

    @Inject
    KeyLineage lineage;

    @Inject
    Event<Invalidation> changes;

    /** Every key to warn or to revoke now, over all organizations with the policy on. */
    public List<Candidate> nearingRevocation(Instant now) {
        List<Candidate> candidates = new ArrayList<>();
        for (Organization organization : users.organizationsRevokingUnused()) {
            Duration unused = Duration.ofDays(organization.revokeUnusedAfterDays());
            for (ApiKey key : keys.unusedSince(organization.id(), now.minus(unused).plus(WARNING), now)) {
                Instant revokeOn = key.lastActivity().plus(unused);
                if (revokeOn.isBefore(key.expiresAt())) {
                    candidates.add(new Candidate(key.id(), organization.id(), key.lastActivity(), revokeOn, key.issuedAt()));
                }
            }
        }
        return candidates;
    }

    /** Whether the key was used (or reissued) after {@code moment}. */
    public static boolean activeAfter(ApiKey key, Instant moment) {
        return key.lastActivity().isAfter(moment);
    }

    /** The day this key is revoked unless used, if its organization's policy is on. */
    public Optional<Instant> revokeOn(ApiKey key) {
        int days = users.organization(key.organizationId()).revokeUnusedAfterDays();
        return days == 0 ? Optional.empty() : Optional.of(key.lastActivity().plus(Duration.ofDays(days)));
    }

    /**
     * Revokes the key for disuse, and what it made, if it is still active and still due on {@code revokeOn}
     * (not used since, policy unchanged); false otherwise.
     */
    public boolean revoke(String keyId, Instant revokeOn, Instant now) {
        Optional<ApiKey> found = keys.byId(keyId);
        if (found.isEmpty() || found.get().status(now) != KeyStatus.ACTIVE
                || !revokeOn(found.get()).equals(Optional.of(revokeOn)) || revokeOn.isAfter(now)) {
            return false;
        }
        ApiKey key = found.get();
        key.revoke(now);
        changes.fire(Invalidation.ofKey(key.id()));
        var details = Json.createObjectBuilder()
                .add("reason", "unused")
                .add("last_activity_at", key.lastActivity().toString())
                .add("revoke_unused_after_days", users.organization(key.organizationId()).revokeUnusedAfterDays());
        audit.record(key.organizationId(), key.id(), EventType.REVOKED, Actor.SYSTEM, now, details.build());
        lineage.revokeMadeBy(key.organizationId(), key.id(), KeyLineage.Cause.UNUSED, Actor.SYSTEM, now);
        return true;
    }
}
