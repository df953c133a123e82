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
 * Renders and sends the weekly expiry digest: an organization's keys expiring within 30 days, grouped by
 * owner, each with its link. The wording lives in {@code io/latchkey/notices/digest.properties}; the
 * layout in {@code digest.*} (the mail), {@code digest-owner.*} (one owner) and {@code digest-key.*}
 * (one key), plain text and HTML, each row escaped by its own template.
 */
@ApplicationScoped
public class DigestMail {

    private static final Properties WORDING = MailTemplate.wording("digest");
    private static final MailTemplate TEXT = MailTemplate.resource("digest.txt");
    private static final MailTemplate HTML = MailTemplate.resource("digest.html");
    private static final MailTemplate OWNER_TEXT = MailTemplate.resource("digest-owner.txt");
    private static final MailTemplate OWNER_HTML = MailTemplate.resource("digest-owner.html");
    private static final MailTemplate KEY_TEXT = MailTemplate.resource("digest-key.txt");
    private static final MailTemplate KEY_HTML = MailTemplate.resource("digest-key.html");

    @Inject
    NoticeMail mail;

    public void send(Session session, DigestDelivery digest, Instant now) throws MessagingException {
        mail.deliver(session, digest.messageId(), digest.admins(),
                new NoticeMail.Rendered(subject(digest), text(digest, now), html(digest, now)), now);
    }

    static String subject(DigestDelivery digest) {
        return new MailTemplate(WORDING.getProperty(digest.total() == 1 ? "subject.one" : "subject.many"), false)
                .render(Map.of("week", digest.isoWeek(), "count", Long.toString(digest.total()),
                        "organization", NoticeMail.oneLine(digest.organizationName())));
    }

    String text(DigestDelivery digest, Instant now) {
        return render(digest, now, TEXT, OWNER_TEXT, KEY_TEXT);
    }

    String html(DigestDelivery digest, Instant now) {
        return render(digest, now, HTML, OWNER_HTML, KEY_HTML);
    }

    private String render(DigestDelivery digest, Instant now, MailTemplate page, MailTemplate ownerRow,
                          MailTemplate keyRow) {
        StringBuilder owners = new StringBuilder();
        for (DigestDelivery.Owner owner : digest.owners()) {
            StringBuilder keys = new StringBuilder();
            for (DigestDelivery.Key key : owner.keys()) {
                keys.append(keyRow.render(mail.keyValues(key.keyId(), key.description(), key.maskedKey(),
                        key.expiresAt(), now)));
            }
            owners.append(ownerRow.render(Map.of(
                    "owner", NoticeMail.oneLine(owner.name()) + " <" + owner.email() + ">",
                    "status", owner.active() ? "" : WORDING.getProperty("deactivated"),
                    "keys", keys.toString())));
        }
        String organization = NoticeMail.oneLine(digest.organizationName());
        long more = digest.total() - digest.listed();
        Map<String, String> values = new HashMap<>();
        values.put("headline", new MailTemplate(WORDING.getProperty("headline"), false)
                .render(Map.of("organization", organization)));
        values.put("owners", owners.toString());
        values.put("more", more > 0 ? new MailTemplate(WORDING.getProperty("more"), false)
                .render(Map.of("more", Long.toString(more))) : "");
        values.put("keys_link", mail.link("/keys"));
        return page.render(values);
    }
}
