package io.latchkey.notices.control;

import io.latchkey.notices.entity.Threshold;
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
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders and sends notice mails through the server's Jakarta Mail session {@code mail/latchkey}
 * (plain text and HTML alternatives, a fixed Message-ID per notice).
 */
@ApplicationScoped
public class NoticeMail {

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

    public static String subject(Delivery delivery) {
        return "Latchkey: API key \"" + oneLine(delivery.description()) + "\" " + delivery.threshold().phrase();
    }

    String link(Delivery delivery) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/keys/" + delivery.keyId();
    }

    String text(Delivery delivery, Instant now) {
        StringBuilder out = new StringBuilder();
        if (delivery.threshold() == Threshold.EXPIRED) {
            out.append("Your API key has expired. Integrations that still use it are being refused.\n\n");
        } else {
            out.append("Your API key expires soon. Integrations that use it will be refused after that.\n\n");
        }
        out.append("Key:         ").append(oneLine(delivery.description())).append('\n')
                .append("Masked key:  ").append(delivery.maskedKey()).append('\n')
                .append("Expires:     ").append(WHEN.format(delivery.expiresAt().atOffset(ZoneOffset.UTC))).append('\n')
                .append("Days left:   ").append(daysLeft(delivery.expiresAt(), now)).append("\n\n");
        out.append(advice(delivery)).append("\n\nManage the key: ").append(link(delivery)).append('\n');
        return out.toString();
    }

    String html(Delivery delivery, Instant now) {
        String headline = delivery.threshold() == Threshold.EXPIRED
                ? "Your API key has expired. Integrations that still use it are being refused."
                : "Your API key expires soon. Integrations that use it will be refused after that.";
        return "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">"
                + "<p>" + escape(headline) + "</p>"
                + "<table>"
                + "<tr><th align=\"left\">Key</th><td>" + escape(oneLine(delivery.description())) + "</td></tr>"
                + "<tr><th align=\"left\">Masked key</th><td><code>" + escape(delivery.maskedKey()) + "</code></td></tr>"
                + "<tr><th align=\"left\">Expires</th><td>" + escape(WHEN.format(delivery.expiresAt().atOffset(ZoneOffset.UTC))) + "</td></tr>"
                + "<tr><th align=\"left\">Days left</th><td>" + daysLeft(delivery.expiresAt(), now) + "</td></tr>"
                + "</table>"
                + "<p>" + escape(advice(delivery)) + "</p>"
                + "<p><a href=\"" + escape(link(delivery)) + "\">Manage the key in Latchkey</a></p>"
                + "</body></html>";
    }

    private static String advice(Delivery delivery) {
        if (delivery.threshold() == Threshold.EXPIRED) {
            return "To renew it, regenerate the key with a new expiry (this issues a new secret that your"
                    + " integrations must use), or create a replacement key and revoke this one.";
        }
        return "To keep integrations working, regenerate the key with a new expiry before then (this issues a"
                + " new secret), or create a replacement key and move your integrations to it.";
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

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
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
