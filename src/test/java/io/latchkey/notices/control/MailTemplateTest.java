package io.latchkey.notices.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MailTemplateTest {

    @Test
    void textTemplatesInsertValuesAsTheyAre() {
        assertEquals("Key: <a> & $1 \\ {{x}}", new MailTemplate("Key: {{value}}", false).render(Map.of("value", "<a> & $1 \\ {{x}}")));
    }

    @Test
    void htmlTemplatesEscapeEveryValue() {
        assertEquals("<p>&lt;script&gt;&amp;&quot;&#39;</p>",
                new MailTemplate("<p>{{value}}</p>", true).render(Map.of("value", "<script>&\"'")));
    }

    @Test
    void aPlaceholderWithoutAValueIsABugNotAMail() {
        assertThrows(IllegalStateException.class, () -> new MailTemplate("Hello {{name}}", false).render(Map.of()));
    }

    @Test
    void tripleBracesInsertARenderedRowAsItIs() {
        String row = new MailTemplate("<td>{{value}}</td>", true).render(Map.of("value", "<b>"));
        assertEquals("<tr><td>&lt;b&gt;</td></tr> &lt;i&gt;",
                new MailTemplate("<tr>{{{rows}}}</tr> {{value}}", true).render(Map.of("rows", row, "value", "<i>")));
    }

    @Test
    void unbalancedBracesAreABug() {
        assertThrows(IllegalStateException.class, () -> new MailTemplate("{{{rows}}", true).render(Map.of("rows", "x")));
        assertThrows(IllegalStateException.class, () -> new MailTemplate("{{rows}}}", true).render(Map.of("rows", "x")));
    }

    @Test
    void theShippedEscalationAndDigestTemplatesHaveAValueForEveryPlaceholder() {
        Map<String, String> escalation = Map.of("why", "w", "owner", "o", "advice", "a", "description", "d",
                "masked_key", "m", "expires", "e", "days_left", "1", "link", "l");
        MailTemplate.resource("escalation.txt").render(escalation);
        MailTemplate.resource("escalation.html").render(escalation);
        Map<String, String> digest = Map.of("headline", "h", "owners", "o", "more", "", "keys_link", "l");
        MailTemplate.resource("digest.txt").render(digest);
        MailTemplate.resource("digest.html").render(digest);
        Map<String, String> owner = Map.of("owner", "o", "status", "", "keys", "k");
        MailTemplate.resource("digest-owner.txt").render(owner);
        MailTemplate.resource("digest-owner.html").render(owner);
        Map<String, String> key = Map.of("description", "d", "masked_key", "m", "expires", "e", "days_left", "1", "link", "l");
        MailTemplate.resource("digest-key.txt").render(key);
        MailTemplate.resource("digest-key.html").render(key);
    }

    @Test
    void theShippedTemplatesHaveAValueForEveryPlaceholder() {
        Map<String, String> values = Map.of("headline", "h", "advice", "a", "description", "d", "masked_key", "m",
                "expires", "e", "days_left", "1", "link", "l");
        MailTemplate.resource("notice.txt").render(values);
        MailTemplate.resource("notice.html").render(values);
    }
}
