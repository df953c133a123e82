package io.latchkey.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real SMTP server of the tests (GreenMail, in the test JVM) on the port the test servers send to
 * ({@code latchkey.it.smtpPort}). Register it with {@code @RegisterExtension static final MailServer mail = new MailServer();}:
 * it runs for the test class; a test may stop it (an outage) and start it again.
 */
public final class MailServer implements BeforeAllCallback, AfterAllCallback {

    private GreenMail greenMail;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() {
        greenMail = new GreenMail(new ServerSetup(Integer.getInteger("latchkey.it.smtpPort", 3025), "127.0.0.1", "smtp"));
        greenMail.start();
    }

    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    public boolean isRunning() {
        return greenMail != null && greenMail.isRunning();
    }

    /** Every message received since the server last started. */
    public List<MimeMessage> received() {
        return greenMail == null ? List.of() : List.of(greenMail.getReceivedMessages());
    }

    /**
     * The messages delivered to {@code email}'s mailbox: one per delivery, however many recipients a message
     * had (whereas {@link #to} also counts the copies delivered to the other recipients of a shared message).
     */
    public List<MimeMessage> inbox(String email) {
        return greenMail == null ? List.of()
                : greenMail.findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(email), message -> true).toList();
    }

    /** The messages addressed to {@code email}. */
    public List<MimeMessage> to(String email) {
        return received().stream().filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients())
                        .anyMatch(address -> ((InternetAddress) address).getAddress().equalsIgnoreCase(email));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
