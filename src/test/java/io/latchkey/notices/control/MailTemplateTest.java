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
    void theShippedTemplatesHaveAValueForEveryPlaceholder() {
        Map<String, String> values = Map.of("headline", "h", "advice", "a", "description", "d", "masked_key", "m",
                "expires", "e", "days_left", "1", "link", "l");
        MailTemplate.resource("notice.txt").render(values);
        MailTemplate.resource("notice.html").render(values);
    }
}
