package io.latchkey.notices.control;

import io.latchkey.accounts.control.ResponsibleDeactivated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * Renders and sends the mail that tells an organization's active admins (all of them, one SMTP transaction)
 * that the person answering for some of its service accounts was deactivated, through
 * {@link NoticeMail#deliver} like every mail of this component. Wording in
 * {@code io/latchkey/notices/responsible.properties}, layout in {@code responsible.txt} and {@code responsible.html}.
 */
@ApplicationScoped
public class ResponsibleMail {

    private static final Properties WORDING = MailTemplate.wording("responsible");
    private static final MailTemplate SUBJECT = new MailTemplate(WORDING.getProperty("subject"), false);
    private static final MailTemplate HEADLINE = new MailTemplate(WORDING.getProperty("headline"), false);
    private static final MailTemplate TEXT = MailTemplate.resource("responsible.txt");
    private static final MailTemplate HTML = MailTemplate.resource("responsible.html");

    @Inject
    NoticeMail mail;

    public void send(Session session, ResponsibleDeactivated gone, Instant now) throws MessagingException {
        Map<String, String> values = Map.of(
                "headline", HEADLINE.render(Map.of("person", gone.personEmail())),
                "accounts", String.join(", ", gone.accountNames().stream().map(NoticeMail::oneLine).toList()),
                "advice", WORDING.getProperty("advice"),
                "link", mail.link("/users"));
        mail.deliver(session, "<responsible." + gone.personId() + "." + now.toEpochMilli() + "@" + mail.messageDomain() + ">",
                gone.admins().stream().map(admin -> new Recipient(admin.email(), admin.name())).toList(),
                new NoticeMail.Rendered(SUBJECT.render(Map.of("count", Integer.toString(gone.accountNames().size()),
                        "person", gone.personEmail())), TEXT.render(values), HTML.render(values)), now);
    }
}
