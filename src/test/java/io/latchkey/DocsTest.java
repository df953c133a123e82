package io.latchkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs are code: every setting Latchkey reads is in configuration.md and nothing there is made up, every
 * relative link and anchor of the README and the pages resolves, and the README stays a front door.
 *
 * <p>A setting is read when {@code src/main}, {@code server-config/} or {@code src/client} (the client JAR) names it: a MicroProfile Config name
 * ({@code "latchkey.ldap.sync-interval"}, which is {@code LATCHKEY_LDAP_SYNC_INTERVAL} by MicroProfile
 * Config's rule) or a {@code LATCHKEY_*} name. Tests' own variables ({@code LATCHKEY_IT_LOG}, set by the pom's
 * failsafe configuration) are no settings: {@code src/test} and the pom are not read. The pom's run profile
 * passes no variable, so it reads nothing either.
 */
class DocsTest {

    private static final Path README = Path.of("README.md");
    private static final Path PAGES = Path.of("src/site/markdown");
    private static final Path CONFIGURATION = PAGES.resolve("configuration.md");
    private static final List<Path> READERS = List.of(Path.of("src/main"), Path.of("server-config"), Path.of("src/client"));
    private static final int README_MAX_LINES = 250;

    private static final Pattern CONFIG_NAME = Pattern.compile(
            "(?:@ConfigProperty\\(name = |get(?:Optional)?Value\\()\"(latchkey\\.[a-z0-9.-]+)\"");
    /** Ends in a letter or digit, so that {@code LATCHKEY_DB_*} in a comment names {@code LATCHKEY_DB}. */
    private static final Pattern VARIABLE = Pattern.compile("LATCHKEY_[A-Z0-9_]*[A-Z0-9]");
    /** {@code LATCHKEY_*} names in the shipped code that are not settings. */
    private static final Map<String, String> NOT_SETTINGS = Map.of(
            "LATCHKEY_SESSION", "the console's session cookie (web.xml)");

    private static final Pattern FENCE = Pattern.compile("^ *```.*?^ *```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\n]*`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *$", Pattern.MULTILINE);

    private static String read(Path doc) {
        return new String(bytes(doc), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every setting the code reads, with the first file that reads it. */
    private static Map<String, Path> settingsRead() {
        Map<String, Path> read = new TreeMap<>();
        for (Path root : READERS) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(file -> {
                    // setting names are ASCII: read as Latin-1, any file (an image too) can be searched
                    String text = new String(bytes(file), StandardCharsets.ISO_8859_1);
                    Matcher config = CONFIG_NAME.matcher(text);
                    while (config.find()) {
                        read.putIfAbsent(config.group(1).replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT), file);
                    }
                    Matcher variable = VARIABLE.matcher(text);
                    while (variable.find()) {
                        read.putIfAbsent(variable.group(), file);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        read.keySet().removeAll(NOT_SETTINGS.keySet());
        return read;
    }

    /** The {@code LATCHKEY_*} names in configuration.md's tables. */
    private static Set<String> settingsDocumented() {
        Set<String> documented = new TreeSet<>();
        for (String line : read(CONFIGURATION).split("\n")) {
            if (line.startsWith("|")) {
                VARIABLE.matcher(line).results().forEach(found -> documented.add(found.group()));
            }
        }
        return documented;
    }

    @Test
    void everySettingTheCodeReadsIsDocumented() {
        Set<String> documented = settingsDocumented();
        List<String> missing = new ArrayList<>();
        settingsRead().forEach((name, file) -> {
            if (!documented.contains(name)) {
                missing.add(name + " (read by " + file + ")");
            }
        });
        assertEquals(List.of(), missing, "settings missing from the tables of " + CONFIGURATION);
    }

    @Test
    void everyDocumentedSettingIsRead() {
        Set<String> unread = settingsDocumented();
        unread.removeAll(settingsRead().keySet());
        assertEquals(Set.of(), unread, "settings in " + CONFIGURATION + " that nothing in " + READERS + " reads");
    }

    private static List<Path> docs() {
        try (Stream<Path> pages = Files.list(PAGES)) {
            List<Path> docs = new ArrayList<>(List.of(README));
            pages.filter(page -> page.toString().endsWith(".md")).sorted().forEach(docs::add);
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text a reader sees as prose: no code blocks, no inline code. */
    private static String prose(Path doc) {
        return INLINE_CODE.matcher(FENCE.matcher(read(doc)).replaceAll("")).replaceAll("");
    }

    /** GitHub's anchors: lower case, punctuation but {@code -} and {@code _} dropped, spaces to {@code -}. */
    private static Set<String> anchors(Path doc) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(FENCE.matcher(read(doc)).replaceAll(""));
        while (heading.find()) {
            String slug = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int repeats = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkResolves() {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher link = LINK.matcher(prose(doc));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto:: not ours to check
                }
                String[] parts = target.split("#", 2);
                Path file = parts[0].isEmpty() ? doc : doc.resolveSibling(parts[0]).normalize();
                if (!Files.exists(file)) {
                    broken.add(doc + ": " + target + " (no file " + file + ")");
                } else if (parts.length == 2 && !anchors(file).contains(parts[1])) {
                    broken.add(doc + ": " + target + " (no heading of " + file + " has the anchor #" + parts[1] + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void theReadmeStaysAFrontDoor() {
        long lines = read(README).lines().count();
        assertTrue(lines <= README_MAX_LINES, README + " has " + lines + " lines, more than " + README_MAX_LINES
                + ": move the detail to a page under " + PAGES);
    }
}
