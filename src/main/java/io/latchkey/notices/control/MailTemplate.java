package io.latchkey.notices.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail body or line kept as a resource, with {@code {{name}}} placeholders. An HTML template escapes
 * every value it inserts; a placeholder without a value is a bug, never left in a sent mail. A
 * {@code {{{name}}}} slot takes a value as it is: only ever the output of another template (a list's
 * rows), which did its own escaping.
 */
final class MailTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\{?)([a-z_]+)}}(}?)");

    private final String template;
    private final boolean html;

    MailTemplate(String template, boolean html) {
        this.template = template;
        this.html = html;
    }

    /** A template resource next to this class's package ({@code io/latchkey/notices/<name>}). */
    static MailTemplate resource(String name) {
        try (InputStream in = MailTemplate.class.getResourceAsStream("/io/latchkey/notices/" + name)) {
            if (in == null) {
                throw new IllegalStateException("mail template " + name + " is missing from the WAR");
            }
            return new MailTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8), name.endsWith(".html"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wording of one kind of mail ({@code io/latchkey/notices/<name>.properties}), which its templates lay out. */
    static Properties wording(String name) {
        Properties wording = new Properties();
        try (InputStream in = MailTemplate.class.getResourceAsStream("/io/latchkey/notices/" + name + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("io/latchkey/notices/" + name + ".properties is missing from the WAR");
            }
            wording.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wording;
    }

    String render(Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (placeholder.find()) {
            String value = values.get(placeholder.group(2));
            if (value == null) {
                throw new IllegalStateException("no value for {{" + placeholder.group(2) + "}}");
            }
            boolean raw = !placeholder.group(1).isEmpty();
            if (raw != !placeholder.group(3).isEmpty()) {
                throw new IllegalStateException("unbalanced braces around " + placeholder.group(2));
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(html && !raw ? escape(value) : value));
        }
        return placeholder.appendTail(out).toString();
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
}
