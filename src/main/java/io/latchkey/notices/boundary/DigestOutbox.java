package io.latchkey.notices.boundary;

import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.DigestSchedule;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.keys.control.KeyStore;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.notices.control.DigestDelivery;
import io.latchkey.notices.control.NoticeStore;
import io.latchkey.notices.control.Recipient;
import io.latchkey.notices.entity.ExpiryDigest;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scan's steps for weekly digests, each its own short transaction: claim this week's digest of an
 * organization (the unique index on organization and ISO week lets one claim win), lease it, read what
 * it lists, record the outcome.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DigestOutbox {

    @Resource
    SessionContext context;

    @Inject
    NoticeStore notices;

    @Inject
    UserStore users;

    @Inject
    KeyStore keys;

    @Inject
    SecretCodec codec;

    @Inject
    AuditLog audit;

    /** The organizations that want a weekly digest. */
    public List<String> weekly() {
        return users.organizationsWithDigest(DigestSchedule.WEEKLY);
    }

    /** Creates this week's digest of the organization unless it exists; false when another scanner has. */
    public boolean claim(String organizationId, Instant now) {
        if (notices.digestExists(organizationId, ExpiryDigest.isoWeek(now))) {
            return false;
        }
        try {
            notices.add(new ExpiryDigest(organizationId, now));
            return true;
        } catch (PersistenceException lostRace) {
            // another scanner inserted this week's digest first: it is theirs
            context.setRollbackOnly();
            return false;
        }
    }

    public List<String> ready(Instant now) {
        return notices.readyDigests(now);
    }

    /**
     * Leases a ready digest and reads what it lists, or nothing when another scanner has it. A digest
     * with nothing to list (no key expires within 30 days), of an organization that turned digests off
     * meanwhile, or without an admin to tell, is cancelled, saying why: that week gets no mail.
     */
    public Optional<DigestDelivery> lease(String digestId, Instant now, Duration leaseFor, String messageDomain) {
        if (!notices.leaseDigest(digestId, now, now.plus(leaseFor))) {
            return Optional.empty();
        }
        ExpiryDigest digest = notices.digest(digestId);
        Organization organization = users.organization(digest.organizationId());
        if (organization.expiryDigest() != DigestSchedule.WEEKLY) {
            digest.cancel("digest_off");
            return Optional.empty();
        }
        Instant horizon = now.plus(Duration.ofDays(ExpiryDigest.HORIZON_DAYS));
        List<ApiKey> expiring = keys.expiringIn(organization.id(), now, horizon, DigestDelivery.LIST_MAX);
        if (expiring.isEmpty()) {
            digest.cancel("nothing_expiring");
            return Optional.empty();
        }
        List<Recipient> admins = users.activeAdminsOf(organization.id()).stream()
                .map(admin -> new Recipient(admin.email(), admin.name())).toList();
        if (admins.isEmpty()) {
            digest.cancel("no_admin");
            return Optional.empty();
        }
        long total = expiring.size() < DigestDelivery.LIST_MAX ? expiring.size()
                : keys.countExpiringIn(organization.id(), now, horizon);
        return Optional.of(new DigestDelivery(digest.id(), digest.messageId(messageDomain), organization.name(),
                digest.isoWeek(), admins, byOwner(expiring), total));
    }

    /** The keys grouped by owner, in the order the store gave them (by owner, then soonest first). */
    private List<DigestDelivery.Owner> byOwner(List<ApiKey> expiring) {
        Map<String, List<ApiKey>> groups = new LinkedHashMap<>();
        for (ApiKey key : expiring) {
            groups.computeIfAbsent(key.owner().id(), id -> new ArrayList<>()).add(key);
        }
        return groups.values().stream().map(owned -> new DigestDelivery.Owner(owned.get(0).owner().email(),
                owned.get(0).owner().name(), owned.get(0).owner().isActive(), owned.stream()
                .map(k -> new DigestDelivery.Key(k.id(), k.description(), codec.mask(k.secretLast4()), k.expiresAt()))
                .toList())).toList();
    }

    public void sent(DigestDelivery delivery, Instant now) {
        ExpiryDigest digest = notices.digest(delivery.digestId());
        digest.sent(delivery.admins().size(), (int) delivery.total(), now);
        audit.recordAccount(digest.organizationId(), null, EventType.EXPIRY_DIGEST_SENT, Actor.SYSTEM, now,
                Json.createObjectBuilder()
                        .add("week", digest.isoWeek())
                        .add("keys", delivery.total())
                        .add("owners", delivery.owners().size())
                        .add("recipients", delivery.admins().size())
                        .add("message_id", delivery.messageId())
                        .build());
    }

    public void failed(String digestId, String error, Instant now, Duration backoff, int maxAttempts) {
        notices.digest(digestId).failed(error, now, backoff, maxAttempts);
    }

    public void postpone(String digestId) {
        notices.digest(digestId).postpone();
    }
}
