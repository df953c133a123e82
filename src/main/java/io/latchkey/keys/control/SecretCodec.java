package io.latchkey.keys.control;

import io.latchkey.keys.entity.ApiKey.SecretDigest;
import io.latchkey.platform.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The key format: {@code <prefix>_<32 base62 random chars><6 base62 chars of the CRC32 of the random part>}.
 *
 * <p>32 base62 characters carry 190 bits from {@link SecureRandom}. The checksum lets us (and secret
 * scanners) reject typos and garbage without touching the database; the prefix makes an
 * installation's leaked keys recognisable. Only the SHA-256 digest (hex) is stored.
 */
public final class SecretCodec {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public static final int RANDOM_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,15}");

    private final String prefix;
    private final SecureRandom random;
    private final Pattern format;
    private final Pattern embedded;

    public SecretCodec(String prefix, SecureRandom random) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("The key prefix must be 2-16 lower-case letters and digits,"
                    + " starting with a letter (latchkey.key-prefix / LATCHKEY_KEY_PREFIX)");
        }
        this.prefix = prefix;
        this.random = random;
        this.format = Pattern.compile(Pattern.quote(prefix) + "_[0-9A-Za-z]{" + (RANDOM_LENGTH + CHECKSUM_LENGTH) + "}");
        this.embedded = Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(prefix) + "_[0-9A-Za-z]{" + (RANDOM_LENGTH + CHECKSUM_LENGTH) + "}(?![0-9A-Za-z])");
    }

    public String prefix() {
        return prefix;
    }

    /** A fresh secret. The plaintext must go to the caller once and nowhere else. */
    public NewSecret generate() {
        char[] body = new char[RANDOM_LENGTH];
        for (int i = 0; i < body.length; i++) {
            body[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        String randomPart = new String(body);
        String plaintext = prefix + "_" + randomPart + checksum(randomPart);
        return new NewSecret(plaintext, digestOf(plaintext));
    }

    /** The digest of a presented key, or empty when it is not a well-formed key of this installation. */
    public Optional<SecretDigest> digestIfWellFormed(String presented) {
        if (presented == null || presented.length() != prefix.length() + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH
                || !format.matcher(presented).matches()) {
            return Optional.empty();
        }
        String randomPart = presented.substring(prefix.length() + 1, prefix.length() + 1 + RANDOM_LENGTH);
        String checksum = presented.substring(prefix.length() + 1 + RANDOM_LENGTH);
        if (!checksum.equals(checksum(randomPart))) {
            return Optional.empty();
        }
        return Optional.of(digestOf(presented));
    }

    /** Whether the text contains something shaped like a key of this installation (checksum not checked). */
    public boolean looksLikeKey(String text) {
        return embedded.matcher(text).find();
    }

    /** {@code lk_****************abcd}: the prefix, a fixed-width mask and the last four characters. */
    public String mask(String last4) {
        return prefix + "_" + "*".repeat(16) + last4;
    }

    /** Constant-time comparison of two hex digests. */
    public static boolean sameDigest(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static String checksum(String randomPart) {
        CRC32 crc = new CRC32();
        crc.update(randomPart.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(out);
    }

    private static SecretDigest digestOf(String plaintext) {
        return new SecretDigest(Sha256.hex(plaintext), plaintext.substring(plaintext.length() - 4));
    }

    /** A secret just generated: its plaintext, for the one response that shows it, and what is stored. */
    public record NewSecret(String plaintext, SecretDigest stored) {

        @Override
        public String toString() {
            return "NewSecret[plaintext=<hidden>, last4=" + stored.last4() + "]";
        }
    }
}
