package io.latchkey.accounts.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Password hashing with the platform's PBKDF2 at the strength OWASP recommends (PBKDF2-HMAC-SHA256,
 * 600,000 iterations by default). The parameters are stored inside each hash, so raising the
 * iteration count later still verifies old hashes.
 */
@ApplicationScoped
public class Passwords {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    @Inject
    Pbkdf2PasswordHash hash;

    @Inject
    @ConfigProperty(name = "latchkey.password.iterations", defaultValue = "600000")
    int iterations;

    /** Verified against when the email is unknown, so that an unknown user costs the same time. */
    private String decoy;

    @PostConstruct
    void configure() {
        hash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoy = hash.generate("decoy-password-never-matches".toCharArray());
    }

    public String hash(String password) {
        return hash.generate(password.toCharArray());
    }

    public boolean verify(String password, String storedHash) {
        return hash.verify(password.toCharArray(), storedHash);
    }

    /** Spends the time of one verification without a result. */
    public void verifyDecoy(String password) {
        hash.verify(password.toCharArray(), decoy);
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
