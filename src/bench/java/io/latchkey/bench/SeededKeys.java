package io.latchkey.bench;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.control.SecretCodec.NewSecret;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The keys the benchmark stores, numbered from 0, made with the application's own {@link SecretCodec}.
 * Only digests go to the database; the plaintexts of a sample are kept for the load: every key below
 * 1,000 and every 50th key, so that any later range offers evenly spread keys that were never used.
 */
final class SeededKeys {

    /** What {@link BenchDatabase#insertKeys} stores of one key. */
    record Seed(int number, String digest, String last4) {
    }

    private final SecretCodec codec;
    private final TreeMap<Integer, String> plaintexts = new TreeMap<>();
    private int count;

    SeededKeys(String prefix) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG"); // fast, and this data is throwaway
            random.setSeed(20_251_001L);
            this.codec = new SecretCodec(prefix, random);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int count() {
        return count;
    }

    /** The next {@code n} keys; the caller stores them. */
    List<Seed> next(int n) {
        List<Seed> seeds = new ArrayList<>(n);
        for (int i = 0; i < n; i++, count++) {
            NewSecret secret = codec.generate();
            if (count < 1000 || count % 50 == 0) {
                plaintexts.put(count, secret.plaintext());
            }
            seeds.add(new Seed(count, secret.stored().digest(), secret.stored().last4()));
        }
        return seeds;
    }

    /** Up to {@code n} kept plaintexts of keys numbered in [from, to), evenly spread. */
    List<String> spread(int from, int to, int n) {
        List<String> candidates = new ArrayList<>(plaintexts.subMap(from, to).values());
        if (candidates.size() <= n) {
            return candidates;
        }
        List<String> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            picked.add(candidates.get((int) ((long) i * candidates.size() / n)));
        }
        return picked;
    }

    /** Well-formed keys whose checksum is wrong, and strings that are not keys at all (all valid header values). */
    List<String> invalid(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; out.size() < n; i++) {
            String good = codec.generate().plaintext();
            String body = good.substring(0, good.length() - SecretCodec.CHECKSUM_LENGTH);
            out.add(switch (i % 6) {
                case 0, 1, 2 -> body + (good.endsWith("000000") ? "000001" : "000000"); // bad checksum
                case 3 -> good.substring(0, good.length() - 1); // one character short
                case 4 -> "xx" + good.substring(codec.prefix().length()); // another installation's prefix
                default -> good.substring(0, 10) + "-" + good.substring(11); // not base62
            });
        }
        return out;
    }
}
