package io.latchkey.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the docs publish for leaked keys works on real keys ({@code src/site/markdown/guarding-services.md},
 * "Leaked keys in code and logs"): the {@code latchkey-check} snippet, run as the page says, accepts keys
 * made by {@link SecretCodec} and refuses a one-character typo; the scanners' regular expression finds them
 * in text and nothing shorter or glued to other text.
 */
class LatchkeyCheckSnippetTest {

    private static final Path PAGE = Path.of("src/site/markdown/guarding-services.md");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path dir;

    private static String page() throws IOException {
        return Files.readString(PAGE, StandardCharsets.UTF_8);
    }

    private static String snippet() throws IOException {
        Matcher block = Pattern.compile("```java\n(// latchkey-check\\.java.*?)```", Pattern.DOTALL).matcher(page());
        assertTrue(block.find(), PAGE + " has the latchkey-check snippet");
        return block.group(1);
    }

    /** Every regular expression the page gives for scanners (plain, gitleaks, trufflehog). */
    private static List<String> scannerPatterns() throws IOException {
        List<String> patterns = new ArrayList<>();
        Matcher found = Pattern.compile("(\\\\b\\(lk_\\[0-9A-Za-z]\\{38}\\)\\\\b)").matcher(page());
        while (found.find()) {
            patterns.add(found.group(1));
        }
        return patterns;
    }

    private int check(Path file, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                file.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the snippet ran");
        return process.exitValue();
    }

    private static String typo(String key, int at) {
        char was = key.charAt(at);
        char other = BASE62.charAt((BASE62.indexOf(was) + 1) % BASE62.length());
        return key.substring(0, at) + other + key.substring(at + 1);
    }

    @Test
    void theSnippetAcceptsRealKeysAndRefusesATypo() throws Exception {
        Path file = dir.resolve("latchkey-check.java");
        Files.writeString(file, snippet());
        SecretCodec codec = new SecretCodec("lk", new SecureRandom());
        for (int i = 0; i < 3; i++) {
            assertEquals(0, check(file, codec.generate().plaintext()), "a key made by Latchkey");
        }
        String key = codec.generate().plaintext();
        assertEquals(1, check(file, typo(key, 10)), "one character of the random part changed");
        assertEquals(1, check(file, typo(key, key.length() - 1)), "one character of the checksum changed");
        assertEquals(1, check(file, key.substring(0, key.length() - 1)), "one character short");

        String ours = new SecretCodec("acme", new SecureRandom()).generate().plaintext();
        assertEquals(0, check(file, ours, "acme"), "with the installation's prefix");
        assertEquals(1, check(file, ours), "another prefix is not this installation's");
    }

    @Test
    void theScannersPatternFindsKeysInTextAndNothingElse() throws Exception {
        List<String> patterns = scannerPatterns();
        assertTrue(patterns.size() >= 3, "plain, gitleaks and trufflehog: " + patterns);
        SecretCodec codec = new SecretCodec("lk", new SecureRandom());
        String key = codec.generate().plaintext();
        for (String regex : patterns) {
            Pattern pattern = Pattern.compile(regex);
            for (String text : List.of("LATCHKEY_KEY=" + key + "\n", "\"" + key + "\"", "Authorization: Bearer " + key,
                    key)) {
                Matcher match = pattern.matcher(text);
                assertTrue(match.find(), regex + " in " + text);
                assertEquals(key, match.group(1));
            }
            assertFalse(pattern.matcher("x" + key).find(), "glued to a word");
            assertFalse(pattern.matcher(key + "x").find(), "longer than a key");
            assertFalse(pattern.matcher(key.substring(0, key.length() - 1) + " ").find(), "shorter than a key");
            Pattern acme = Pattern.compile(regex.replace("lk_", "acme_"));
            String other = new SecretCodec("acme", new SecureRandom()).generate().plaintext();
            assertTrue(acme.matcher("token: " + other).find(), "with the prefix replaced");
        }
        assertTrue(page().contains("*Secret format* `lk_[0-9A-Za-z]{38}`"), "GitHub's custom pattern");
        assertTrue(Pattern.compile("lk_[0-9A-Za-z]{38}").matcher(key).matches());
    }
}
