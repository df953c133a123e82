package io.latchkey.notices.control;

import io.latchkey.notices.entity.Threshold;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders and sends notice mails through the server's Jakarta Mail session {@code mail/latchkey}
 * (plain text and HTML alternatives, a fixed Message-ID per notice). The wording lives in
 * {@code io/latchkey/notices/notice.properties} and the layout in {@code notice.txt} and {@code notice.html}.
 */
@ApplicationScoped
public class NoticeMail {

    /** Reads its configuration at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup) {
    }

    public static final String JNDI_NAME = "mail/latchkey";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    @Inject
    @ConfigProperty(name = "latchkey.public-url", defaultValue = "http://localhost:8080")
    String publicUrl;

    /** The mail session, if the server defines one with a mail host. */
    public Optional<Session> session() {
        Session session;
        try {
            session = (Session) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException | ClassCastException e) {
            return Optional.empty();
        }
        String host = session.getProperty("mail.smtp.host");
        if (host == null || host.isBlank()) {
            host = session.getProperty("mail.host");
        }
        return host == null || host.isBlank() || host.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(session);
    }

    /** The right-hand side of Message-IDs: the host of the public URL. */
    public String messageDomain() {
        try {
            String host = java.net.URI.create(publicUrl).getHost();
            return host == null ? "latchkey" : host;
        } catch (IllegalArgumentException e) {
            return "latchkey";
        }
    }

    public void send(Session session, Delivery delivery, Instant now) throws MessagingException {
        deliver(session, delivery.messageId(), List.of(new Recipient(delivery.ownerEmail(), delivery.ownerName())),
                new Rendered(subject(delivery), text(delivery, now), html(delivery, now)), now);
    }

    /** A mail's three renderings. */
    record Rendered(String subject, String text, String html) {
    }

    /** Sends one message (plain text and HTML alternatives) to all of {@code to} in one SMTP transaction. */
    void deliver(Session session, String messageId, List<Recipient> to, Rendered mail, Instant now) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, messageId);
        message.setFrom();
        List<InternetAddress> addresses = new ArrayList<>();
        for (Recipient recipient : to) {
            try {
                addresses.add(new InternetAddress(recipient.email(), recipient.name(), "UTF-8"));
            } catch (UnsupportedEncodingException e) {
                throw new MessagingException("UTF-8 is always supported", e);
            }
        }
        message.setRecipients(Message.RecipientType.TO, addresses.toArray(new InternetAddress[0]));
        message.setSubject(mail.subject(), "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.setSentDate(java.util.Date.from(now));
        String user = property(session, "mail.smtp.user", "mail.user");
        String password = property(session, "mail.smtp.password", "mail.password");
        if (user != null && password != null) {
            Transport.send(message, user, password);
        } else {
            Transport.send(message);
        }
    }

    private static String property(Session session, String name, String fallback) {
        String value = session.getProperty(name);
        if (value == null || value.isBlank()) {
            value = session.getProperty(fallback);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static final Properties WORDING = MailTemplate.wording("notice");
    private static final MailTemplate SUBJECT = new MailTemplate(WORDING.getProperty("subject"), false);
    private static final MailTemplate TEXT = MailTemplate.resource("notice.txt");
    private static final MailTemplate HTML = MailTemplate.resource("notice.html");

    public static String subject(Delivery delivery) {
        return SUBJECT.render(Map.of("description", oneLine(delivery.description()), "phrase", delivery.threshold().phrase()));
    }

    /** An address under {@code LATCHKEY_PUBLIC_URL}: {@code path} starts with a slash. */
    String link(String path) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + path;
    }

    String text(Delivery delivery, Instant now) {
        return TEXT.render(values(delivery, now));
    }

    String html(Delivery delivery, Instant now) {
        return HTML.render(values(delivery, now));
    }

    /** What the templates show; the HTML template escapes each value. */
    private Map<String, String> values(Delivery delivery, Instant now) {
        String kind = delivery.threshold() == Threshold.EXPIRED ? "expired" : delivery.threshold().isUnused() ? "unused"
                : "expiring";
        Map<String, String> values = new HashMap<>(keyValues(delivery.keyId(), delivery.description(),
                delivery.maskedKey(), delivery.expiresAt(), now));
        values.put("headline", new MailTemplate(WORDING.getProperty("headline." + kind), false)
                .render(delivery.revokeOn() == null ? Map.of() : Map.of("revoke_on", when(delivery.revokeOn()))));
        values.put("advice", WORDING.getProperty("advice." + kind));
        return values;
    }

    /** How every mail of this component shows one key: its description, masked value, expiry, days left and link. */
    Map<String, String> keyValues(String keyId, String description, String maskedKey, Instant expiresAt, Instant now) {
        return Map.of(
                "description", oneLine(description),
                "masked_key", maskedKey,
                "expires", when(expiresAt),
                "days_left", Long.toString(daysLeft(expiresAt, now)),
                "link", link("/keys/" + keyId));
    }

    static String when(Instant at) {
        return WHEN.format(at.atOffset(ZoneOffset.UTC));
    }

    static long daysLeft(Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            return 0;
        }
        Duration left = Duration.between(now, expiresAt);
        return left.toDays() + (left.toDays() * 86_400 == left.toSeconds() ? 0 : 1);
    }

    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }

    /** A message whose Message-ID survives {@code saveChanges()}: the same for every attempt. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
