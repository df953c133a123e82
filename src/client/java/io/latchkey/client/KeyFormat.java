package io.latchkey.client;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Latchkey's key format, checked without the network: {@code <prefix>_<32 base62 characters><6 base62 characters of
 * the CRC32 of those 32>}. A presented value that fails it is not a key of that installation, so the client refuses it
 * without asking Latchkey: a flood of garbage costs the application no call.
 */
final class KeyFormat {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;

    private final String prefix;

    KeyFormat(String prefix) {
        this.prefix = prefix + "_";
    }

    boolean wellFormed(String presented) {
        if (presented == null || presented.length() != prefix.length() + RANDOM_LENGTH + CHECKSUM_LENGTH
                || !presented.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < presented.length(); i++) {
            if (ALPHABET.indexOf(presented.charAt(i)) < 0) {
                return false;
            }
        }
        String random = presented.substring(prefix.length(), prefix.length() + RANDOM_LENGTH);
        return presented.endsWith(checksum(random));
    }

    static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(out);
    }
}
