package io.latchkey.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether a presented key is good: the offline format check first (garbage never reaches the network), then a
 * trusted cached answer, then Latchkey's {@code POST /keys/verify}. A good key's groups are its scopes and
 * {@code latchkey:<access>} ({@link LatchkeyCaller#groups()}). A new answer is cached only when the change stream was
 * trusted from before the call until after it, with nothing changed in between, and the key has no rate limit.
 */
@ApplicationScoped
public class LatchkeyIdentityStore implements IdentityStore {

    @Inject
    LatchkeyServer latchkey;

    @Inject
    AnswerCache cache;

    @Inject
    ChangeStream changes;

    @Inject
    @ConfigProperty(name = "latchkey.key-prefix", defaultValue = "lk")
    String prefix;

    private final Clock clock = Clock.systemUTC();

    /**
     * Dispatches to {@link #validate(LatchkeyKeyCredential)} directly: the interface's default finds the method
     * reflectively on every call, a few microseconds of each request.
     */
    @Override
    public CredentialValidationResult validate(Credential credential) {
        return credential instanceof LatchkeyKeyCredential key ? validate(key) : CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    public CredentialValidationResult validate(LatchkeyKeyCredential credential) {
        if (!new KeyFormat(prefix).wellFormed(credential.key())) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        Instant now = clock.instant();
        long before = changes.generation();
        if (before >= 0) {
            LatchkeyCaller cached = cache.get(credential.key(), credential.clientIp(), now);
            if (cached != null) {
                return new CredentialValidationResult(cached, cached.groups());
            }
        }
        LatchkeyServer.Answer answer = latchkey.verify(credential.key(), credential.clientIp());
        if (answer instanceof LatchkeyServer.Valid valid) {
            if (valid.cacheable() && before >= 0) {
                // put, then look: a change taken between the answer and the put either finds the entry and drops
                // it, or has moved the generation, and then the entry goes here
                cache.put(credential.key(), credential.clientIp(), valid.caller());
                if (changes.generation() != before) {
                    cache.remove(credential.key(), credential.clientIp());
                }
            }
            return new CredentialValidationResult(valid.caller(), valid.caller().groups());
        }
        if (answer instanceof LatchkeyServer.Limited limited) {
            credential.refused(LatchkeyKeyCredential.Refusal.RATE_LIMITED, limited.retryAfter());
        } else if (answer instanceof LatchkeyServer.Unavailable) {
            credential.refused(LatchkeyKeyCredential.Refusal.UNAVAILABLE, "5");
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
