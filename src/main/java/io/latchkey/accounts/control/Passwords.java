package io.latchkey.accounts.control;

import io.latchkey.platform.Refusal;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Password hashing with the platform's PBKDF2 at the strength OWASP recommends (PBKDF2-HMAC-SHA256,
 * 600,000 iterations by default). The parameters are stored inside each hash, so raising the
 * iteration count later still verifies old hashes, and {@link #needsRehash} tells when a stored hash
 * is weaker than today's setting (it is then replaced at the user's next successful sign-in, so the
 * decoy check for unknown emails keeps costing what a real user's check costs).
 *
 * <p>At most {@code latchkey.password.check-concurrency} checks (default: twice the cores) run at once;
 * a check beyond that is refused at once with 429 {@code password_checks_busy} and {@code Retry-After: 1}
 * rather than queued, so a password spray cannot take the CPU that key checks need.
 */
@ApplicationScoped
public class Passwords {

    /** Reads its configuration at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup) {
    }

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    @Inject
    Pbkdf2PasswordHash hash;

    @Inject
    @ConfigProperty(name = "latchkey.password.iterations", defaultValue = "600000")
    int iterations;

    @Inject
    @ConfigProperty(name = "latchkey.password.check-concurrency")
    Optional<Integer> checkConcurrency;

    /** Verified against when the email is unknown, so that an unknown user costs the same time. */
    private String decoy;

    private Semaphore checks;

    @PostConstruct
    void configure() {
        hash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoy = hash.generate("decoy-password-never-matches".toCharArray());
        int permits = checkConcurrency.filter(n -> n > 0).orElse(2 * Runtime.getRuntime().availableProcessors());
        checks = new Semaphore(permits);
    }

    public String hash(String password) {
        return hash.generate(password.toCharArray());
    }

    public boolean verify(String password, String storedHash) {
        return bounded(() -> hash.verify(password.toCharArray(), storedHash));
    }

    /** Spends the time of one verification without a result. */
    public void verifyDecoy(String password) {
        bounded(() -> hash.verify(password.toCharArray(), decoy));
    }

    private boolean bounded(java.util.function.BooleanSupplier check) {
        if (!checks.tryAcquire()) {
            throw Refusal.busy("password_checks_busy",
                    "Too many password checks are running; retry in a second, or use an API key");
        }
        try {
            return check.getAsBoolean();
        } finally {
            checks.release();
        }
    }

    /** Whether a stored hash uses fewer iterations than configured now (format {@code alg:iterations:salt:hash}). */
    public boolean needsRehash(String storedHash) {
        return iterationsOf(storedHash) < iterations;
    }

    static int iterationsOf(String storedHash) {
        String[] parts = storedHash == null ? new String[0] : storedHash.split(":");
        try {
            return parts.length == 4 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Null when acceptable, otherwise why not. */
    public static String weakness(String password) {
        if (password.length() < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }
}
