package io.latchkey.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Latchkey's good answers, by the SHA-256 of the key and the client address they were given for (never the key
 * itself): at most {@code latchkey.client.cache-size} (default 10,000), each for {@code latchkey.client.cache-ttl}
 * (default 5 minutes) and never past the key's expiry. Only {@link ChangeStream} decides whether they may be used.
 */
@ApplicationScoped
class AnswerCache {

    @Inject
    @ConfigProperty(name = "latchkey.client.cache-size", defaultValue = "10000")
    long size;

    @Inject
    @ConfigProperty(name = "latchkey.client.cache-ttl", defaultValue = "PT5M")
    Duration ttl;

    private Cache<String, LatchkeyCaller> answers;

    @PostConstruct
    void build() {
        answers = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    LatchkeyCaller get(String key, String clientIp, java.time.Instant now) {
        LatchkeyCaller caller = answers.getIfPresent(entry(key, clientIp));
        return caller == null || !caller.expiresAt().isAfter(now) ? null : caller;
    }

    void put(String key, String clientIp, LatchkeyCaller caller) {
        answers.put(entry(key, clientIp), caller);
    }

    void remove(String key, String clientIp) {
        answers.invalidate(entry(key, clientIp));
    }

    /** Drops what a {@code changed} event names: a key, everything of a user, of an organization, or everything. */
    void drop(String scope, String id) {
        Predicate<LatchkeyCaller> covered = switch (scope) {
            case "key" -> caller -> caller.keyId().equals(id);
            case "user" -> caller -> caller.ownerId().equals(id);
            case "organization" -> caller -> caller.organizationId().equals(id);
            default -> caller -> true;
        };
        answers.asMap().values().removeIf(covered);
    }

    void clear() {
        answers.invalidateAll();
    }

    long size() {
        return answers.estimatedSize();
    }

    private static String entry(String key, String clientIp) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest) + " " + clientIp;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
