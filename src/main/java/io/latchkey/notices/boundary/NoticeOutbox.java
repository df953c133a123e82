package io.latchkey.notices.boundary;

import io.latchkey.accounts.entity.User;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.keys.control.KeyStore;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.control.UnusedKeys;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.KeyStatus;
import io.latchkey.notices.control.Delivery;
import io.latchkey.notices.control.EscalationDelivery;
import io.latchkey.notices.control.NoticeClaimed;
import io.latchkey.notices.control.NoticeStore;
import io.latchkey.notices.control.Recipient;
import io.latchkey.notices.entity.EscalationReason;
import io.latchkey.notices.entity.ExpiryNotice;
import io.latchkey.notices.entity.NoticeEscalation;
import io.latchkey.notices.entity.NoticeState;
import io.latchkey.notices.entity.Threshold;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.PersistenceException;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The scan's steps for notices and their escalations, each its own short transaction, so that one key's
 * trouble (a lost claim race, a mail failure) never undoes another's progress. A notice escalates in the
 * transaction that cancels it (owner deactivated) or fails it for good: never one without the other.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class NoticeOutbox {

    /** A key the scan considers, detached from the persistence context. */
    public record Candidate(String keyId, String organizationId, Instant expiresAt, Instant issuedAt) {
    }

    @Resource
    SessionContext context;

    @Inject
    KeyStore keys;

    @Inject
    NoticeStore notices;

    @Inject
    SecretCodec codec;

    @Inject
    UserStore users;

    @Inject
    AuditLog audit;

    @Inject
    UnusedKeys unused;

    @Inject
    Event<NoticeClaimed> claimed;

    public List<Candidate> candidates(Instant horizon, Instant since) {
        return keys.nearingExpiry(horizon, since).stream()
                .map(k -> new Candidate(k.id(), k.organizationId(), k.expiresAt(), k.issuedAt()))
                .toList();
    }

    /**
     * Creates the notice unless it exists. A competing claim that inserts first makes this one fail
     * on the unique index, which rolls back only this transaction.
     */
    public boolean claim(Candidate key, Threshold threshold, Instant now) {
        if (notices.exists(key.keyId(), threshold, key.expiresAt())) {
            return false;
        }
        try {
            notices.add(new ExpiryNotice(key.keyId(), key.organizationId(), threshold, key.expiresAt(), now));
            claimed.fire(new NoticeClaimed(key.organizationId(), key.keyId(), threshold, key.expiresAt(), now));
            return true;
        } catch (PersistenceException lostRace) {
            // another scanner inserted the same (key, threshold, expiry) first: it is theirs
            context.setRollbackOnly();
            return false;
        }
    }

    /** Keys to warn of, or to revoke for, disuse; detached. */
    public List<UnusedKeys.Candidate> unusedCandidates(Instant now) {
        return unused.nearingRevocation(now);
    }

    /**
     * Creates the warning that the key will be revoked as unused on {@code revokeOn}, unless its owner was warned
     * since its last activity: once per stretch of disuse (a use moves the day, and a new warning follows when the
     * new day nears). Keyed on the stretch, not the day, so that a use flushed late never makes a second warning.
     */
    public boolean claimUnused(UnusedKeys.Candidate key, Instant now) {
        if (warnedSinceActivity(key).isPresent()) {
            return false;
        }
        return claim(new Candidate(key.keyId(), key.organizationId(), key.revokeOn(), key.issuedAt()), Threshold.UNUSED_7, now);
    }

    /**
     * Revokes the key for disuse if its day has come and its owner's warning was claimed at least
     * {@link UnusedKeys#WARNING} ago (a warning claimed late, after scans were missed, postpones the revocation).
     */
    public boolean revokeUnused(UnusedKeys.Candidate key, Instant now) {
        if (key.revokeOn().isAfter(now)) {
            return false; // not due: no need to read when it was warned
        }
        Optional<Instant> warned = warnedSinceActivity(key);
        if (warned.isEmpty() || warned.get().plus(UnusedKeys.WARNING).isAfter(now)) {
            return false;
        }
        return unused.revoke(key.keyId(), key.revokeOn(), now);
    }

    /** When the owner was last warned of this key's disuse, if that was after the key's last activity. */
    private Optional<Instant> warnedSinceActivity(UnusedKeys.Candidate key) {
        return notices.latestClaim(key.keyId(), Threshold.UNUSED_7).filter(at -> at.isAfter(key.lastActivity()));
    }

    public List<String> ready(Instant now) {
        return notices.ready(now);
    }

    /**
     * Leases a ready notice and returns what to send, or nothing when another scanner has it or the key
     * no longer needs it: revoked, or regenerated with another expiry (then the notice is cancelled,
     * saying why). A deactivated owner's notice is cancelled ({@code owner_inactive}) and escalates to
     * the admins; so does a service account's whose responsible person is deactivated ({@code responsible_inactive}).
     */
    public Optional<Delivery> lease(String noticeId, Instant now, Duration leaseFor, String messageDomain) {
        if (!notices.lease(noticeId, now, now.plus(leaseFor))) {
            return Optional.empty();
        }
        ExpiryNotice notice = notices.get(noticeId);
        Optional<ApiKey> key = keyNeeding(notice, now);
        if (key.isPresent() && !key.get().owner().isActive()) {
            notice.cancel("owner_inactive");
            notices.add(notice.escalate(EscalationReason.OWNER_INACTIVE, now));
            return Optional.empty();
        }
        if (key.isPresent() && key.get().owner().isServiceAccount() && !key.get().owner().responsible().isActive()) {
            notice.cancel("responsible_inactive");
            notices.add(notice.escalate(EscalationReason.RESPONSIBLE_INACTIVE, now));
            return Optional.empty();
        }
        return key.map(k -> delivery(notice, k, messageDomain));
    }

    /** The notice's key if it still needs the notice; otherwise the notice is cancelled, saying why. */
    private Optional<ApiKey> keyNeeding(ExpiryNotice notice, Instant now) {
        Optional<ApiKey> found = keys.byId(notice.keyId());
        Optional<String> needless = needless(notice, found, now);
        if (needless.isPresent()) {
            notice.cancel(needless.get());
            return Optional.empty();
        }
        return found;
    }

    /**
     * Why the notice is no longer needed, if it is not: the key is revoked, or its expiry changed; a warning of
     * disuse, when the key was used since it was claimed, or the policy was turned off.
     */
    private Optional<String> needless(ExpiryNotice notice, Optional<ApiKey> found, Instant now) {
        if (found.isEmpty() || found.get().status(now) == KeyStatus.REVOKED) {
            return Optional.of("key_revoked");
        }
        if (notice.threshold().isUnused()) {
            return unused.revokeOn(found.get()).isEmpty() ? Optional.of("policy_off")
                    : UnusedKeys.activeAfter(found.get(), notice.createdAt()) ? Optional.of("key_used") : Optional.empty();
        }
        return found.get().expiresAt().equals(notice.keyExpiresAt()) ? Optional.empty() : Optional.of("key_expiry_changed");
    }

    /** What to send about the key, to its owner or, for a service account's key, to the account's responsible person. */
    private Delivery delivery(ExpiryNotice notice, ApiKey key, String messageDomain) {
        User answering = key.owner().isServiceAccount() ? key.owner().responsible() : key.owner();
        return new Delivery(notice.id(), notice.messageId(messageDomain), notice.threshold(), key.id(),
                key.description(), codec.mask(key.secretLast4()), key.expiresAt(),
                notice.threshold().isUnused() ? notice.keyExpiresAt() : null, answering.email(), answering.name());
    }

    public void sent(Delivery delivery, Instant now) {
        ExpiryNotice notice = notices.get(delivery.noticeId());
        notice.sent(delivery.ownerEmail(), now);
        audit.record(notice.organizationId(), notice.keyId(), EventType.NOTICE_SENT, Actor.SYSTEM, now,
                Json.createObjectBuilder()
                        .add("threshold", notice.threshold().wireName())
                        .add("recipient", delivery.ownerEmail())
                        .add("message_id", delivery.messageId())
                        .add("key_expires_at", notice.keyExpiresAt().toString())
                        .build());
    }

    /** A failed attempt; the last one escalates the notice to the admins. */
    public void failed(String noticeId, String error, Instant now, Duration backoff, int maxAttempts) {
        ExpiryNotice notice = notices.get(noticeId);
        notice.failed(error, now, backoff, maxAttempts);
        if (notice.state() == NoticeState.FAILED) {
            notices.add(notice.escalate(EscalationReason.UNDELIVERABLE, now));
        }
    }

    public void postpone(String noticeId) {
        notices.get(noticeId).postpone();
    }

    public List<String> readyEscalations(Instant now) {
        return notices.readyEscalations(now);
    }

    /**
     * Leases a ready escalation and returns what to send to whom: the organization's active admins, but
     * not the owner. Nothing when another scanner has it, or when it is no longer needed (the key was
     * revoked or renewed) or there is no admin to tell: then it is cancelled, saying why.
     */
    public Optional<EscalationDelivery> leaseEscalation(String noticeId, Instant now, Duration leaseFor,
                                                        String messageDomain) {
        if (!notices.leaseEscalation(noticeId, now, now.plus(leaseFor))) {
            return Optional.empty();
        }
        NoticeEscalation escalation = notices.escalation(noticeId);
        ExpiryNotice notice = notices.get(noticeId);
        Optional<ApiKey> found = keys.byId(notice.keyId());
        Optional<String> needless = needless(notice, found, now);
        if (needless.isPresent()) {
            escalation.cancel(needless.get());
            return Optional.empty();
        }
        ApiKey key = found.get();
        List<Recipient> admins = users.activeAdminsOf(notice.organizationId()).stream()
                .filter(admin -> !admin.id().equals(key.owner().id()))
                .map(admin -> new Recipient(admin.email(), admin.name()))
                .toList();
        if (admins.isEmpty()) {
            escalation.cancel("no_admin");
            return Optional.empty();
        }
        return Optional.of(new EscalationDelivery(escalation.messageId(messageDomain), escalation.reason(),
                delivery(notice, key, messageDomain), notice.attempts(), admins));
    }

    public void escalationSent(EscalationDelivery delivery, Instant now) {
        NoticeEscalation escalation = notices.escalation(delivery.notice().noticeId());
        escalation.sent(delivery.admins().size(), now);
        audit.record(escalation.organizationId(), escalation.keyId(), EventType.NOTICE_ESCALATED, Actor.SYSTEM, now,
                Json.createObjectBuilder()
                        .add("reason", escalation.reason().wireName())
                        .add("threshold", delivery.notice().threshold().wireName())
                        .add("recipients", delivery.admins().size())
                        .add("message_id", delivery.messageId())
                        .add("key_expires_at", delivery.notice().expiresAt().toString())
                        .build());
    }

    public void escalationFailed(String noticeId, String error, Instant now, Duration backoff, int maxAttempts) {
        notices.escalation(noticeId).failed(error, now, backoff, maxAttempts);
    }

    public void postponeEscalation(String noticeId) {
        notices.escalation(noticeId).postpone();
    }
}
