package io.latchkey.notices.boundary;

import io.latchkey.keys.control.LeakReports.LeakRevoked;
import io.latchkey.notices.control.LeakMail;
import io.latchkey.notices.control.NoticeMail;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Tells the owner of a key revoked for a leak report, and the organization's active admins, by mail:
 * after the revocation has committed, on a managed thread, so the report's answer never waits for (or
 * betrays) a mail round-trip, and a mail server that is down never undoes a revocation. One attempt for
 * the owner's mail and one for the admins' (all of them in one SMTP transaction): a failure is logged (without the key), and the {@code leak_reported} event in the audit
 * trail remains the record. The owner hears only while active (a deactivated owner's mailbox may be gone).
 */
@ApplicationScoped
public class LeakAlerts {

    private static final Logger LOG = Logger.getLogger(LeakAlerts.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    NoticeMail notices;

    @Inject
    LeakMail mail;

    @Inject
    Clock clock;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) LeakRevoked leak) {
        executor.execute(() -> tell(leak));
    }

    private void tell(LeakRevoked leak) {
        Optional<Session> session = notices.session();
        if (session.isEmpty()) {
            LOG.warning(() -> "Key " + leak.keyId() + " was revoked for a leak report; no mail server is configured"
                    + " (mail/latchkey, LATCHKEY_SMTP_HOST), so nobody was told by mail. The audit trail has the event.");
            return;
        }
        if (leak.ownerActive()) {
            send("its owner", () -> mail.sendToOwner(session.get(), leak, clock.instant()), leak);
        }
        if (!leak.admins().isEmpty()) {
            send("the admins", () -> mail.sendToAdmins(session.get(), leak, clock.instant()), leak);
        }
    }

    /** One mail that may fail. */
    private interface Sending {
        void run() throws MessagingException;
    }

    private static void send(String whom, Sending sending, LeakRevoked leak) {
        try {
            sending.run();
        } catch (MessagingException | RuntimeException e) {
            LOG.warning(() -> "Mail about leaked key " + leak.keyId() + " to " + whom + " not sent: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
