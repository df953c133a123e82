package io.latchkey.notices.boundary;

import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.keys.control.KeyStore;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.KeyStatus;
import io.latchkey.notices.control.Delivery;
import io.latchkey.notices.control.NoticeStore;
import io.latchkey.notices.entity.ExpiryNotice;
import io.latchkey.notices.entity.Threshold;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.PersistenceException;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The scan's steps, each its own short transaction, so that one key's trouble (a lost claim race, a
 * mail failure) never undoes another's progress.
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
    AuditLog audit;

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
            return true;
        } catch (PersistenceException lostRace) {
            // another scanner inserted the same (key, threshold, expiry) first: it is theirs
            context.setRollbackOnly();
            return false;
        }
    }

    public List<String> ready(Instant now) {
        return notices.ready(now);
    }

    /**
     * Leases a ready notice and returns what to send, or nothing when another scanner has it or the key
     * no longer needs it: revoked, regenerated with another expiry, or its owner deactivated (their keys
     * no longer work). Then the notice is cancelled, saying why.
     */
    public Optional<Delivery> lease(String noticeId, Instant now, Duration leaseFor, String messageDomain) {
        if (!notices.lease(noticeId, now, now.plus(leaseFor))) {
            return Optional.empty();
        }
        ExpiryNotice notice = notices.get(noticeId);
        Optional<ApiKey> found = keys.byId(notice.keyId());
        Optional<String> needless = found.isEmpty() || found.get().status(now) == KeyStatus.REVOKED
                ? Optional.of("key_revoked")
                : !found.get().expiresAt().equals(notice.keyExpiresAt()) ? Optional.of("key_expiry_changed")
                : !found.get().owner().isActive() ? Optional.of("owner_inactive")
                : Optional.empty();
        if (needless.isPresent()) {
            notice.cancel(needless.get());
            return Optional.empty();
        }
        ApiKey key = found.get();
        return Optional.of(new Delivery(notice.id(), notice.messageId(messageDomain), notice.threshold(), key.id(),
                key.description(), codec.mask(key.secretLast4()), key.expiresAt(), key.owner().email(),
                key.owner().name()));
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

    public void failed(String noticeId, String error, Instant now, Duration backoff, int maxAttempts) {
        notices.get(noticeId).failed(error, now, backoff, maxAttempts);
    }

    public void postpone(String noticeId) {
        notices.get(noticeId).postpone();
    }
}
