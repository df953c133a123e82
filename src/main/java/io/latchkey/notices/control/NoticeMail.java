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
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
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
        MimeMessage message = new FixedIdMessage(session, delivery.messageId());
        message.setFrom();
        try {
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(delivery.ownerEmail(), delivery.ownerName(), "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is always supported", e);
        }
        message.setSubject(subject(delivery), "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(text(delivery, now), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(delivery, now), "UTF-8", "html");
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

    private static final Properties WORDING = wording();
    private static final MailTemplate SUBJECT = new MailTemplate(WORDING.getProperty("subject"), false);
    private static final MailTemplate TEXT = MailTemplate.resource("notice.txt");
    private static final MailTemplate HTML = MailTemplate.resource("notice.html");

    private static Properties wording() {
        Properties wording = new Properties();
        try (InputStream in = NoticeMail.class.getResourceAsStream("/io/latchkey/notices/notice.properties")) {
            wording.load(new InputStreamReader(Objects.requireNonNull(in), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("io/latchkey/notices/notice.properties is missing from the WAR", e);
        }
        return wording;
    }

    public static String subject(Delivery delivery) {
        return SUBJECT.render(Map.of("description", oneLine(delivery.description()), "phrase", delivery.threshold().phrase()));
    }

    String link(Delivery delivery) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/keys/" + delivery.keyId();
    }

    String text(Delivery delivery, Instant now) {
        return TEXT.render(values(delivery, now));
    }

    String html(Delivery delivery, Instant now) {
        return HTML.render(values(delivery, now));
    }

    /** What the templates show; the HTML template escapes each value. */
    private Map<String, String> values(Delivery delivery, Instant now) {
        String kind = delivery.threshold() == Threshold.EXPIRED ? "expired" : "expiring";
        return Map.of(
                "headline", WORDING.getProperty("headline." + kind),
                "advice", WORDING.getProperty("advice." + kind),
                "description", oneLine(delivery.description()),
                "masked_key", delivery.maskedKey(),
                "expires", WHEN.format(delivery.expiresAt().atOffset(ZoneOffset.UTC)),
                "days_left", Long.toString(daysLeft(delivery.expiresAt(), now)),
                "link", link(delivery));
    }

    static long daysLeft(Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            return 0;
        }
        Duration left = Duration.between(now, expiresAt);
        return left.toDays() + (left.toDays() * 86_400 == left.toSeconds() ? 0 : 1);
    }

    private static String oneLine(String text) {
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
