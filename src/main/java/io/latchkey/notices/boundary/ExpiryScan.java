package io.latchkey.notices.boundary;

import io.latchkey.keys.control.UnusedKeys;
import io.latchkey.notices.control.Delivery;
import io.latchkey.notices.control.DigestDelivery;
import io.latchkey.notices.control.DigestMail;
import io.latchkey.notices.control.EscalationDelivery;
import io.latchkey.notices.control.EscalationMail;
import io.latchkey.notices.control.NoticeMail;
import io.latchkey.notices.entity.Threshold;
import io.latchkey.metrics.Metrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the expiry scan on a non-persistent timer on every instance: shortly after start-up, then every
 * {@code latchkey.notice.scan-interval}. Scans may overlap (timers on other instances, or a manual
 * run); the outbox keeps every notice, escalation and weekly digest exactly-once regardless. It also applies
 * the organizations' unused-key policies: warns owners 7 days ahead (a notice of threshold {@code unused_7})
 * and revokes keys still unused when the day comes ({@link io.latchkey.keys.control.UnusedKeys}).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExpiryScan {

    /** How long after expiry a final notice is still sent when scans were missed. */
    public static final int LOOKBACK_DAYS = 30;
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(ExpiryScan.class.getName());

    /**
     * What one scan did: notices claimed and sent, escalations sent, digests claimed and sent; mails that
     * failed or wait for a mail server, of every kind; keys revoked for disuse (their warnings count as
     * notices claimed).
     */
    public record Outcome(int claimed, int sent, int failed, int waitingForMailServer, int escalated,
                          int digestsClaimed, int digestsSent, int revokedUnused) {
    }

    /** How one kind of outbox mail is leased, sent and recorded; each step its own transaction. */
    private record Channel<D>(String kind, Metrics.MailKind counted, Function<String, Optional<D>> lease, Consumer<String> postpone,
                              Sender<D> send, Consumer<D> sent, BiConsumer<String, String> failed) {
    }

    @FunctionalInterface
    private interface Sender<D> {
        void send(Session session, D delivery) throws MessagingException;
    }

    /** Sent, failed and waiting mails of one channel. */
    private record Tally(int sent, int failed, int waiting) {
    }

    @Resource
    TimerService timers;

    @Inject
    Metrics metrics;

    @Inject
    NoticeOutbox outbox;

    @Inject
    DigestOutbox digests;

    @Inject
    NoticeMail mail;

    @Inject
    EscalationMail escalationMail;

    @Inject
    DigestMail digestMail;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.notice.scan-interval", defaultValue = "PT1H")
    Duration interval;

    @Inject
    @ConfigProperty(name = "latchkey.notice.first-scan-delay", defaultValue = "PT15S")
    Duration firstScanDelay;

    @Inject
    @ConfigProperty(name = "latchkey.notice.max-attempts", defaultValue = "8")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "latchkey.notice.retry-backoff", defaultValue = "PT5M")
    Duration backoff;

    private final AtomicBoolean toldNoMailServer = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        long every = Math.max(1000, interval.toMillis());
        timers.createIntervalTimer(Math.max(0, firstScanDelay.toMillis()), every, new TimerConfig("expiry-scan", false));
        LOG.info(() -> "Expiry notices: scanning every " + interval + ", first scan in " + firstScanDelay);
    }

    @Timeout
    void onTimer() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Expiry scan failed; the next scan retries", e);
        }
    }

    public Outcome scan() {
        Instant now = clock.instant();
        int claimed = 0;
        for (NoticeOutbox.Candidate key : outbox.candidates(now.plus(Duration.ofDays(15)), now.minus(Duration.ofDays(LOOKBACK_DAYS)))) {
            Optional<Threshold> due = Threshold.due(key.expiresAt(), key.issuedAt(), now);
            if (due.isPresent() && claim(() -> outbox.claim(key, due.get(), now), "Notice for key " + key.keyId())) {
                claimed++;
            }
        }
        int revokedUnused = 0;
        for (UnusedKeys.Candidate key : outbox.unusedCandidates(now)) {
            if (claim(() -> outbox.claimUnused(key, now), "Warning of disuse for key " + key.keyId())) {
                claimed++;
            }
            if (claim(() -> outbox.revokeUnused(key, now), "Revocation for disuse of key " + key.keyId())) {
                revokedUnused++;
            }
        }
        int digestsClaimed = 0;
        for (String organizationId : digests.weekly()) {
            if (claim(() -> digests.claim(organizationId, now), "This week's digest of " + organizationId)) {
                digestsClaimed++;
            }
        }
        Optional<Session> session = mail.session();
        String domain = mail.messageDomain();
        // notices first: a notice that fails for good escalates, and its escalation may go out in this scan
        Tally notices = drain(outbox.ready(now), session, new Channel<Delivery>("Expiry notice", Metrics.MailKind.NOTICE,
                id -> outbox.lease(id, now, LEASE, domain), outbox::postpone,
                (s, d) -> mail.send(s, d, now), d -> outbox.sent(d, now),
                (id, error) -> outbox.failed(id, error, now, backoff, maxAttempts)));
        Tally escalations = drain(outbox.readyEscalations(now), session, new Channel<EscalationDelivery>("Escalation of notice",
                Metrics.MailKind.ESCALATION,
                id -> outbox.leaseEscalation(id, now, LEASE, domain), outbox::postponeEscalation,
                (s, d) -> escalationMail.send(s, d, now), d -> outbox.escalationSent(d, now),
                (id, error) -> outbox.escalationFailed(id, error, now, backoff, maxAttempts)));
        Tally digestsSent = drain(digests.ready(now), session, new Channel<DigestDelivery>("Expiry digest", Metrics.MailKind.DIGEST,
                id -> digests.lease(id, now, LEASE, domain), digests::postpone,
                (s, d) -> digestMail.send(s, d, now), d -> digests.sent(d, now),
                (id, error) -> digests.failed(id, error, now, backoff, maxAttempts)));
        int waiting = notices.waiting() + escalations.waiting() + digestsSent.waiting();
        if (waiting > 0 && toldNoMailServer.compareAndSet(false, true)) {
            LOG.warning("Expiry notices are waiting: no mail server is configured (mail/latchkey, LATCHKEY_SMTP_HOST)."
                    + " They will be sent once one is.");
        } else if (session.isPresent()) {
            toldNoMailServer.set(false);
        }
        return new Outcome(claimed, notices.sent(), notices.failed() + escalations.failed() + digestsSent.failed(),
                waiting, escalations.sent(), digestsClaimed, digestsSent.sent(), revokedUnused);
    }

    /** Leases and sends each ready row of one channel, recording each outcome. */
    private <D> Tally drain(List<String> ready, Optional<Session> session, Channel<D> channel) {
        int sent = 0;
        int failed = 0;
        int waiting = 0;
        for (String id : ready) {
            Optional<D> delivery = channel.lease().apply(id);
            if (delivery.isEmpty()) {
                continue;
            }
            if (session.isEmpty()) {
                channel.postpone().accept(id);
                waiting++;
                continue;
            }
            try {
                channel.send().send(session.get(), delivery.get());
                channel.sent().accept(delivery.get());
                metrics.mail(channel.counted(), true);
                sent++;
            } catch (MessagingException | RuntimeException e) {
                channel.failed().accept(id, describe(e));
                metrics.mail(channel.counted(), false);
                failed++;
                LOG.warning(() -> channel.kind() + " " + id + " not sent: " + describe(e));
            }
        }
        return new Tally(sent, failed, waiting);
    }

    /** Runs a claim's transaction; a claim that fails for another reason is retried by the next scan. */
    private static boolean claim(BooleanSupplier claim, String what) {
        try {
            return claim.getAsBoolean();
        } catch (EJBException | PersistenceException e) {
            LOG.fine(() -> what + " claimed elsewhere");
            return false;
        }
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }
}
