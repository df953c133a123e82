package io.latchkey.notices.control;

import io.latchkey.keys.control.LeakReports.LeakRevoked;
import io.latchkey.keys.control.LeakReports.Recipient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders and sends the mail about a key revoked for a leak report, to its owner or to an admin, through
 * the same mail session as the expiry notices ({@link NoticeMail#session()}). Shows the key masked, never
 * the secret; what the reporter said ({@code url}, {@code source}) appears as text, not as a link, since
 * anyone may report. Wording in {@code io/latchkey/notices/leak.properties}, layout in {@code leak.txt}
 * and {@code leak.html}.
 */
@ApplicationScoped
public class LeakMail {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    private static final Properties WORDING = wording();
    private static final MailTemplate SUBJECT = new MailTemplate(WORDING.getProperty("subject"), false);
    private static final MailTemplate HEADLINE_ADMIN = new MailTemplate(WORDING.getProperty("headline.admin"), false);
    private static final MailTemplate TEXT = MailTemplate.resource("leak.txt");
    private static final MailTemplate HTML = MailTemplate.resource("leak.html");

    @Inject
    @ConfigProperty(name = "latchkey.public-url", defaultValue = "http://localhost:8080")
    String publicUrl;

    private static Properties wording() {
        Properties wording = new Properties();
        try (InputStream in = LeakMail.class.getResourceAsStream("/io/latchkey/notices/leak.properties")) {
            wording.load(new InputStreamReader(Objects.requireNonNull(in), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("io/latchkey/notices/leak.properties is missing from the WAR", e);
        }
        return wording;
    }

    /** Sends the mail to {@code to}, worded for the key's owner or for an admin. */
    public void send(Session session, LeakRevoked leak, Recipient to, boolean toOwner, Instant now) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom();
        try {
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.email(), to.name(), "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is always supported", e);
        }
        message.setSubject(subject(leak), "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(text(leak, toOwner), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(leak, toOwner), "UTF-8", "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.setSentDate(java.util.Date.from(now));
        NoticeMail.transmit(session, message);
    }

    static String subject(LeakRevoked leak) {
        return SUBJECT.render(Map.of("description", oneLine(leak.description())));
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
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return Map.of(
                "headline", toOwner ? WORDING.getProperty("headline.owner")
                        : HEADLINE_ADMIN.render(Map.of("owner", leak.owner().email())),
                "description", oneLine(leak.description()),
                "masked_key", leak.maskedKey(),
                "owner", leak.owner().name() + " <" + leak.owner().email() + ">",
                "revoked", WHEN.format(leak.revokedAt().atOffset(ZoneOffset.UTC)),
                "url", leak.url() == null ? notGiven : leak.url(),
                "source", reporter == null ? notGiven : reporter,
                "advice", WORDING.getProperty("advice"),
                "link", base + "/keys/" + leak.keyId());
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }
}
