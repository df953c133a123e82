package io.latchkey.grid;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What proves that a message or a replicated session came from an instance of this installation:
 * an HMAC-SHA256 seal keyed by {@code latchkey.grid.secret} ({@code LATCHKEY_GRID_SECRET}, at least
 * 32 characters, the same on every instance). Nothing in Payara Micro authenticates the members of
 * its data grid (Hazelcast's member security, TLS and socket interceptors are Enterprise features, the
 * cluster name is no secret), so whoever reaches the grid's port can join it; without the secret they
 * cannot make an instance accept an acknowledgement, an invalidation or a console session.
 * <p>
 * Unset (or too short), a random key of this process is used: seals then hold only within this
 * instance, which is right for an instance alone, and {@link Members} refuses to answer key checks from
 * memory when its grid joins others. Sealed messages carry the sender's wall-clock time and are refused
 * when it is more than {@link #MAX_SKEW} off.
 */
@ApplicationScoped
public class GridSecret {

    static final int MINIMUM_LENGTH = 32;
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(GridSecret.class.getName());
    private static final String ALGORITHM = "HmacSHA256";

    @Inject
    @ConfigProperty(name = "latchkey.grid.secret")
    Optional<String> configured;

    private SecretKeySpec key;
    private boolean shared;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong lastReportNanos = new AtomicLong(System.nanoTime() - Duration.ofMinutes(2).toNanos());

    @PostConstruct
    void init() {
        String secret = configured.map(String::strip).orElse("");
        if (secret.length() >= MINIMUM_LENGTH) {
            key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
            shared = true;
            return;
        }
        if (!secret.isEmpty()) {
            LOG.severe("latchkey.grid.secret (LATCHKEY_GRID_SECRET) is shorter than " + MINIMUM_LENGTH
                    + " characters and is ignored: instances cannot trust each other until it is set on all of them");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        key = new SecretKeySpec(random, ALGORITHM);
    }

    /** Whether the secret comes from configuration (so other instances share it). */
    public boolean shared() {
        return shared;
    }

    /** The seal of {@code text}: URL-safe Base64 of its HMAC, no padding. */
    public String seal(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether {@code seal} is the seal of {@code text} (compared in constant time). */
    public boolean verify(String text, Object seal) {
        return seal instanceof String presented && MessageDigest.isEqual(
                seal(text).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code message} as sent over the grid: {@code <seal> <wall-clock ms> <message>}. */
    String sealed(String message) {
        String body = System.currentTimeMillis() + " " + message;
        return seal(body) + " " + body;
    }

    /**
     * A grid listener that passes on the messages sealed with this secret and recent, and drops the rest
     * (anything that is not text too), counting what it drops for a warning at most once a minute.
     */
    Consumer<Object> opening(Consumer<String> receiver) {
        return payload -> opened(payload).ifPresentOrElse(receiver, this::refuse);
    }

    Optional<String> opened(Object payload) {
        if (!(payload instanceof String text)) {
            return Optional.empty();
        }
        String[] parts = text.split(" ", 3);
        if (parts.length < 3 || !verify(parts[1] + " " + parts[2], parts[0])) {
            return Optional.empty();
        }
        try {
            long sent = Long.parseLong(parts[1]);
            return Math.abs(System.currentTimeMillis() - sent) <= MAX_SKEW.toMillis() ? Optional.of(parts[2]) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void refuse() {
        refused.incrementAndGet();
        long last = lastReportNanos.get();
        long now = System.nanoTime();
        if (now - last >= Duration.ofMinutes(1).toNanos() && lastReportNanos.compareAndSet(last, now)) {
            int count = refused.getAndSet(0);
            LOG.warning("Dropped " + count + " data-grid message(s) not sealed with this installation's grid secret"
                    + " (or sent more than " + MAX_SKEW.toMinutes() + " minutes off this instance's clock) in the last"
                    + " minute: every instance must have the same LATCHKEY_GRID_SECRET, and only they may reach the grid");
        }
    }
}
