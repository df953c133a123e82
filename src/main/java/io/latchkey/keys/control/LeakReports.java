package io.latchkey.keys.control;

import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.User;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.grid.Invalidation;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.ApiKey.SecretDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Containment of leaked keys: every reported secret that is an active key of this installation is
 * revoked at once, audited as {@code leak_reported} (with where it was found, never the secret), and
 * announced to its owner and the organization's admins with a {@link LeakRevoked} event that is
 * mailed only after the transaction commits. Runs in the caller's transaction.
 *
 * <p>An old secret still working in the grace period of a regeneration is a live secret of the key: its
 * report revokes the whole key (containment first; the event says {@code "secret": "previous"}), since
 * whoever saw the old secret may have seen what replaced it.
 *
 * <p>What is reported decides nothing the reporter can see: the boundary answers the same whatever
 * matched. Garbage and wrong checksums cost no lookup; a revoked, expired or unknown key changes nothing
 * and leaves no event (there is nothing to contain, and an anonymous caller must not be able to write
 * to an organization's audit trail with keys that are already dead).
 */
@ApplicationScoped
public class LeakReports {

    /**
     * Longest {@code url}, {@code source} and {@code type} kept in the audit trail and the mail: three of
     * them, even with every character escaped in JSON, fit the event's 2,000 characters of details, so a
     * report can never make the revocation fail.
     */
    public static final int DETAIL_MAX = 300;

    /** One reported secret and what the reporter says about it; every field but the token optional. */
    public record Leak(String token, String type, String url, String source) {

        @Override
        public String toString() {
            return "Leak[token=<hidden>, type=" + type + ", url=" + url + ", source=" + source + "]";
        }
    }

    /** A person to tell. */
    public record Recipient(String email, String name) {
    }

    /**
     * A key was revoked because it was reported leaked: everything the mails need, and no secret (the
     * key appears masked). Fired inside the transaction; observers act after it commits.
     */
    public record LeakRevoked(String keyId, String organizationId, String description, String maskedKey,
                              Recipient owner, boolean ownerActive, List<Recipient> admins, String type, String url,
                              String source, Instant revokedAt) {
    }

    @Inject
    SecretCodec codec;

    @Inject
    KeyStore keys;

    @Inject
    UserStore users;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** Carried to every instance's memory once the transaction commits, before the request returns. */
    @Inject
    Event<Invalidation> changes;

    @Inject
    Event<LeakRevoked> revocations;

    @Inject
    KeyLineage lineage;

    /** Revokes every active key among the leaks and what they made; returns how many (for logs and tests, never for the reporter). */
    public int revoke(List<Leak> leaks, Actor reporter) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Set<String> seen = new HashSet<>();
        int revoked = 0;
        for (Leak leak : leaks) {
            Optional<SecretDigest> wellFormed = codec.digestIfWellFormed(leak.token());
            if (wellFormed.isEmpty() || !seen.add(wellFormed.get().digest())) {
                continue; // garbage, another installation's key or a repeat: no lookup
            }
            String digest = wellFormed.get().digest();
            Optional<ApiKey> current = keys.byDigest(digest).filter(key -> SecretCodec.sameDigest(key.secretDigest(), digest));
            Optional<ApiKey> found = current.isPresent() ? current : keys.byPreviousDigest(digest)
                    .filter(key -> SecretCodec.sameDigest(key.previousSecretDigest(), digest) && key.hasPreviousSecret(now));
            if (found.isPresent() && keys.revokeIfActive(found.get().id(), now)) {
                contain(found.get(), current.isEmpty(), leak, reporter, now);
                revoked += 1 + lineage.revokeMadeBy(found.get().organizationId(), found.get().id(),
                        KeyLineage.Cause.LEAK_REPORTED, reporter, now);
            }
        }
        return revoked;
    }

    /** {@code previousSecret}: what leaked is the key's old secret, still in the grace period of a regeneration. */
    private void contain(ApiKey key, boolean previousSecret, Leak leak, Actor reporter, Instant now) {
        changes.fire(Invalidation.ofKey(key.id()));
        JsonObjectBuilder details = Json.createObjectBuilder();
        if (previousSecret) {
            details.add("secret", "previous");
        }
        String type = said(leak.type());
        String url = said(leak.url());
        String source = said(leak.source());
        if (type != null) {
            details.add("type", type);
        }
        if (url != null) {
            details.add("url", url);
        }
        if (source != null) {
            details.add("source", source);
        }
        audit.record(key.organizationId(), key.id(), EventType.LEAK_REPORTED, reporter, now, details.build());
        User owner = key.owner();
        List<Recipient> admins = users.activeAdminsOf(key.organizationId()).stream()
                .filter(admin -> !admin.id().equals(owner.id())) // an admin who owns the key gets the owner's mail
                .map(admin -> new Recipient(admin.email(), admin.name())).toList();
        revocations.fire(new LeakRevoked(key.id(), key.organizationId(), key.description(), codec.mask(key.secretLast4()),
                new Recipient(owner.email(), owner.name()), owner.isActive(), admins, type, url, source, now));
    }

    /**
     * What a reporter said, fit for the audit trail and a mail: trimmed, cut to {@value #DETAIL_MAX}
     * characters, control characters gone, and withheld if it holds something shaped like a key of this
     * installation (a secret must not reach the trail through a careless report).
     */
    String said(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("\\p{Cntrl}", " ").strip();
        if (clean.isEmpty()) {
            return null;
        }
        if (codec.looksLikeKey(clean)) {
            return "(withheld: it contained a key)";
        }
        return clean.length() <= DETAIL_MAX ? clean : clean.substring(0, DETAIL_MAX);
    }
}
