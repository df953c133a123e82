package io.latchkey.notices.control;

import io.latchkey.keys.control.LeakReports.LeakRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Renders and sends the mails about a key revoked for a leak report: one to its owner, one to the
 * organization's active admins (one SMTP transaction), through {@link NoticeMail#deliver} like every mail
 * of this component. Shows the key masked, never the secret; what the reporter said ({@code url},
 * {@code source}) appears as text, not as a link, since anyone may report. Wording in
 * {@code io/latchkey/notices/leak.properties}, layout in {@code leak.txt} and {@code leak.html}.
 */
@ApplicationScoped
public class LeakMail {

    private static final Properties WORDING = MailTemplate.wording("leak");
    private static final MailTemplate SUBJECT = new MailTemplate(WORDING.getProperty("subject"), false);
    private static final MailTemplate HEADLINE_ADMIN = new MailTemplate(WORDING.getProperty("headline.admin"), false);
    private static final MailTemplate TEXT = MailTemplate.resource("leak.txt");
    private static final MailTemplate HTML = MailTemplate.resource("leak.html");

    @Inject
    NoticeMail mail;

    /** The owner's mail. Its Message-ID names the key: a key is revoked for a leak once. */
    public void sendToOwner(Session session, LeakRevoked leak, Instant now) throws MessagingException {
        send(session, leak, "owner", List.of(new Recipient(leak.owner().email(), leak.owner().name())), true, now);
    }

    /** The admins' mail, to all of them at once. */
    public void sendToAdmins(Session session, LeakRevoked leak, Instant now) throws MessagingException {
        send(session, leak, "admins", leak.admins().stream().map(admin -> new Recipient(admin.email(), admin.name())).toList(),
                false, now);
    }

    private void send(Session session, LeakRevoked leak, String audience, List<Recipient> to, boolean toOwner, Instant now)
            throws MessagingException {
        mail.deliver(session, "<leak." + leak.keyId() + "." + audience + "@" + mail.messageDomain() + ">", to,
                new NoticeMail.Rendered(subject(leak), text(leak, toOwner), html(leak, toOwner)), now);
    }

    static String subject(LeakRevoked leak) {
        return SUBJECT.render(Map.of("description", NoticeMail.oneLine(leak.description())));
    }

    String text(LeakRevoked leak, boolean toOwner) {
        return TEXT.render(values(leak, toOwner));
    }

    String html(LeakRevoked leak, boolean toOwner) {
        return HTML.render(values(leak, toOwner));
    }

    /** What the templates show; the HTML template escapes each value. */
    private Map<String, String> values(LeakRevoked leak, boolean toOwner) {
        String notGiven = WORDING.getProperty("not_given");
        String reporter = leak.source() == null ? leak.type() : leak.type() == null ? leak.source()
                : leak.source() + " (" + leak.type() + ")";
        return Map.of(
                "headline", toOwner ? WORDING.getProperty("headline.owner")
                        : HEADLINE_ADMIN.render(Map.of("owner", leak.owner().email())),
                "description", NoticeMail.oneLine(leak.description()),
                "masked_key", leak.maskedKey(),
                "owner", NoticeMail.oneLine(leak.owner().name()) + " <" + leak.owner().email() + ">",
                "revoked", NoticeMail.when(leak.revokedAt()),
                "url", leak.url() == null ? notGiven : leak.url(),
                "source", reporter == null ? notGiven : reporter,
                "advice", WORDING.getProperty("advice"),
                "link", mail.link("/keys/" + leak.keyId()));
    }
}
