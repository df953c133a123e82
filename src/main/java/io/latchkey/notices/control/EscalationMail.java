package io.latchkey.notices.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Renders and sends escalations: the notice an owner did not get, to the organization's admins, saying
 * why. The wording lives in {@code io/latchkey/notices/escalation.properties}, the layout in
 * {@code escalation.txt} and {@code escalation.html}; keys are shown as in notices.
 */
@ApplicationScoped
public class EscalationMail {

    private static final Properties WORDING = MailTemplate.wording("escalation");
    private static final MailTemplate TEXT = MailTemplate.resource("escalation.txt");
    private static final MailTemplate HTML = MailTemplate.resource("escalation.html");

    @Inject
    NoticeMail mail;

    public void send(Session session, EscalationDelivery escalation, Instant now) throws MessagingException {
        mail.deliver(session, escalation.messageId(), escalation.admins(),
                new NoticeMail.Rendered(subject(escalation), text(escalation, now), html(escalation, now)), now);
    }

    static String subject(EscalationDelivery escalation) {
        Delivery notice = escalation.notice();
        return wording("subject", escalation, Map.of("description", NoticeMail.oneLine(notice.description()),
                "phrase", notice.threshold().phrase(), "owner_email", notice.ownerEmail()));
    }

    String text(EscalationDelivery escalation, Instant now) {
        return TEXT.render(values(escalation, now));
    }

    String html(EscalationDelivery escalation, Instant now) {
        return HTML.render(values(escalation, now));
    }

    private Map<String, String> values(EscalationDelivery escalation, Instant now) {
        Delivery notice = escalation.notice();
        String owner = NoticeMail.oneLine(notice.ownerName()) + " <" + notice.ownerEmail() + ">";
        Map<String, String> values = new HashMap<>(mail.keyValues(notice.keyId(), notice.description(),
                notice.maskedKey(), notice.expiresAt(), now));
        values.put("owner", owner);
        values.put("why", wording("why", escalation,
                Map.of("owner", owner, "attempts", Integer.toString(escalation.ownerAttempts()))));
        values.put("advice", WORDING.getProperty("advice." + escalation.reason().wireName()));
        return values;
    }

    private static String wording(String line, EscalationDelivery escalation, Map<String, String> values) {
        return new MailTemplate(WORDING.getProperty(line + "." + escalation.reason().wireName()), false).render(values);
    }
}
