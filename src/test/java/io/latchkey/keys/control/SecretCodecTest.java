package io.latchkey.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec.NewSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class SecretCodecTest {

    private final SecretCodec codec = new SecretCodec("lk", new SecureRandom());

    @Test
    void keysHaveThePrefixThirtyTwoRandomCharsAndASixCharChecksum() {
        String key = codec.generate().plaintext();
        assertTrue(key.matches("lk_[0-9A-Za-z]{38}"), key);
        String random = key.substring(3, 35);
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        assertEquals(crc.getValue(), decodeBase62(key.substring(35)));
    }

    @Test
    void theStoredDigestIsTheSha256OfTheWholeKey() throws Exception {
        NewSecret secret = codec.generate();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.plaintext().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, secret.stored().digest());
        assertEquals(secret.plaintext().substring(37), secret.stored().last4());
        assertEquals(expected, codec.digestIfWellFormed(secret.plaintext()).orElseThrow().digest());
    }

    @Test
    void everySingleCharacterTypoIsCaughtByTheChecksum() {
        String key = codec.generate().plaintext();
        for (int position = 3; position < key.length(); position++) {
            for (char replacement : new char[] {'0', 'Z', 'z', 'q'}) {
                if (key.charAt(position) == replacement) {
                    continue;
                }
                String typo = key.substring(0, position) + replacement + key.substring(position + 1);
                assertTrue(codec.digestIfWellFormed(typo).isEmpty(), typo);
            }
        }
    }

    @Test
    void malformedAndForeignKeysAreRejectedWithoutADigest() {
        String foreign = new SecretCodec("acme", new SecureRandom()).generate().plaintext();
        for (String bad : new String[] {null, "", "lk_", "lk_abc", foreign, "LK" + codec.generate().plaintext().substring(2),
                codec.generate().plaintext() + "a", " " + codec.generate().plaintext(), "lk_" + "-".repeat(38)}) {
            assertTrue(codec.digestIfWellFormed(bad).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void randomnessComesFromTheGivenSourceAndIsUniform() throws Exception {
        SecureRandom a = SecureRandom.getInstance("SHA1PRNG");
        a.setSeed(42L);
        SecureRandom b = SecureRandom.getInstance("SHA1PRNG");
        b.setSeed(42L);
        assertEquals(new SecretCodec("lk", a).generate().plaintext(), new SecretCodec("lk", b).generate().plaintext());

        int samples = 20_000;
        int[] counts = new int[62];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < samples; i++) {
            String key = codec.generate().plaintext();
            assertTrue(seen.add(key), "duplicate key");
            for (char c : key.substring(3, 35).toCharArray()) {
                counts[SecretCodec.ALPHABET.indexOf(c)]++;
            }
        }
        double expected = samples * 32.0 / 62;
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 61 degrees of freedom: a fair generator exceeds 135 about once in six million runs; a biased one
        // lands far above.
        assertTrue(chiSquare < 135, "chi-square " + chiSquare);
    }

    @Test
    void theMaskShowsOnlyThePrefixAndTheLastFourCharacters() {
        assertEquals("lk_****************AbC9", codec.mask("AbC9"));
    }

    @Test
    void digestsCompareInConstantTimeAndExactly() {
        NewSecret one = codec.generate();
        NewSecret two = codec.generate();
        assertTrue(SecretCodec.sameDigest(one.stored().digest(), one.stored().digest()));
        assertFalse(SecretCodec.sameDigest(one.stored().digest(), two.stored().digest()));
        assertNotEquals(one.stored().digest(), two.stored().digest());
    }

    @Test
    void secretsDoNotPrintThemselves() {
        NewSecret secret = codec.generate();
        assertFalse(secret.toString().contains(secret.plaintext().substring(3, 20)));
        assertFalse(secret.stored().toString().contains(secret.stored().digest()));
    }

    @Test
    void prefixesMustBeShortLowerCaseWords() {
        for (String bad : new String[] {"", "l", "LK", "lk_", "1lk", "a".repeat(17), null}) {
            assertThrows(IllegalArgumentException.class, () -> new SecretCodec(bad, new SecureRandom()), bad);
        }
        assertTrue(new SecretCodec("acme2", new SecureRandom()).generate().plaintext().startsWith("acme2_"));
    }

    private static long decodeBase62(String text) {
        long value = 0;
        for (char c : text.toCharArray()) {
            value = value * 62 + SecretCodec.ALPHABET.indexOf(c);
        }
        return value;
    }
}
