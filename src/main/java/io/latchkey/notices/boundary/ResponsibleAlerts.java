package io.latchkey.notices.boundary;

import io.latchkey.accounts.control.ResponsibleDeactivated;
import io.latchkey.notices.control.NoticeMail;
import io.latchkey.notices.control.ResponsibleMail;
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
 * Tells the admins at once, by mail, when the person answering for service accounts is deactivated: after the
 * deactivation has committed, on a managed thread, one attempt (as {@link LeakAlerts} does). A failure is logged;
 * the {@code responsible_inactive} events in the audit trail, and the expiry notices that now escalate to the
 * admins, remain the record.
 */
@ApplicationScoped
public class ResponsibleAlerts {

    private static final Logger LOG = Logger.getLogger(ResponsibleAlerts.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    NoticeMail notices;

    @Inject
    ResponsibleMail mail;

    @Inject
    Clock clock;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ResponsibleDeactivated gone) {
        if (!gone.admins().isEmpty()) {
            executor.execute(() -> tell(gone));
        }
    }

    private void tell(ResponsibleDeactivated gone) {
        Optional<Session> session = notices.session();
        if (session.isEmpty()) {
            LOG.warning(() -> "A person answering for service accounts was deactivated; no mail server is configured,"
                    + " so the admins were not told by mail. The audit trail has responsible_inactive events.");
            return;
        }
        try {
            mail.send(session.get(), gone, clock.instant());
        } catch (MessagingException | RuntimeException e) {
            LOG.warning(() -> "Mail to the admins about service accounts without a responsible person not sent: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
