package io.latchkey.keys.boundary;

import io.latchkey.audit.control.DeadKeyUse;
import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.keys.control.KeyVerdict;
import io.latchkey.keys.control.KeyVerdict.Outcome;
import io.latchkey.keys.control.KeyVerifier;
import io.latchkey.keys.control.RateLimits;
import io.latchkey.metrics.Metrics;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A backend's question about a key its client presented, as verify and introspection ask it: only keys of the
 * caller's organization (any other is {@code key_invalid}, as if it did not exist); a revoked or expired key of
 * the organization is audited like its direct use; a key whose owner holds no key-owning role is
 * {@code key_owner_role_missing}; a key without the scope asked for is {@code insufficient_scope}; a good key
 * counts as used, and towards its rate limit (one over it is {@code rate_limited}). A refused key is an answer, not a failed authentication of the caller: it feeds no throttle.
 */
@RequestScoped
class BackendKeyCheck {

    /**
     * The verdict, and why the key is refused ({@code refusal} null: it is good for this question); {@code limit}:
     * what the key's rate limit says of this check (null: the key has none, or it was refused before counting).
     */
    record Answer(KeyVerdict verdict, String refusal, RateLimits.Decision limit) {

        Answer(KeyVerdict verdict, String refusal) {
            this(verdict, refusal, null);
        }

        boolean valid() {
            return refusal == null;
        }
    }

    @Inject
    CurrentCaller currentCaller;

    @Inject
    KeyVerifier verifier;

    @Inject
    KeyUses keyUse;

    @Inject
    RateLimits rateLimits;

    @Inject
    Metrics metrics;

    @Inject
    Event<DeadKeyUse> deadKeyUses;

    @Inject
    Clock clock;

    /** {@code client}: where the key's client connected from, as the backend says (null: not said). */
    Answer check(Metrics.CheckPath path, String key, String client, List<String> requiredScopes) {
        Answer answer = answer(path, key, client, requiredScopes);
        metrics.keyChecked(path, answer.valid() ? Metrics.CheckOutcome.VALID : switch (answer.refusal()) {
            case KeyVerdict.OWNER_ROLE_MISSING -> Metrics.CheckOutcome.OWNER_ROLE;
            case KeyVerdict.INSUFFICIENT_SCOPE -> Metrics.CheckOutcome.SCOPE;
            case KeyVerdict.RATE_LIMITED -> Metrics.CheckOutcome.RATE_LIMITED;
            default -> answer.verdict().keyId() == null || !answer.verdict().isValid()
                    ? answer.verdict().outcome().counted() : Metrics.CheckOutcome.UNKNOWN;
        });
        if (KeyVerdict.RATE_LIMITED.equals(answer.refusal())) {
            metrics.throttled(Metrics.Throttle.RATE_LIMIT);
        }
        return answer;
    }

    private Answer answer(Metrics.CheckPath path, String key, String client, List<String> requiredScopes) {
        Caller caller = currentCaller.get();
        long started = System.nanoTime();
        KeyVerdict verdict = verifier.verify(key, client);
        metrics.checkTook(path, System.nanoTime() - started);
        Instant now = clock.instant();
        if (verdict.keyId() == null || !caller.organizationId().equals(verdict.organizationId())) {
            return new Answer(verdict, Outcome.UNKNOWN.code());
        }
        // the key's client is the backend's caller, not the backend: its address is the one the backend gives
        String usedFrom = client != null ? client : currentCaller.clientIp();
        if (verdict.refusedUseEvent() != null) {
            deadKeyUses.fire(new DeadKeyUse(verdict.organizationId(), verdict.keyId(), verdict.refusedUseEvent(), usedFrom,
                    currentCaller.userAgent(), now));
        }
        if (!verdict.isValid()) {
            return new Answer(verdict, verdict.outcome().code());
        }
        if (!verdict.ownerMayUseKeys()) {
            return new Answer(verdict, KeyVerdict.OWNER_ROLE_MISSING);
        }
        if (!verdict.missingScopes(requiredScopes).isEmpty()) {
            return new Answer(verdict, KeyVerdict.INSUFFICIENT_SCOPE);
        }
        RateLimits.Decision limit = null;
        if (verdict.requestsPerMinute() > 0) {
            limit = rateLimits.take(verdict.keyId(), verdict.requestsPerMinute(), now);
            if (!limit.allowed()) {
                return new Answer(verdict, KeyVerdict.RATE_LIMITED, limit);
            }
        }
        keyUse.record(verdict.keyId(), now, usedFrom, verdict.previousSecret());
        return new Answer(verdict, null, limit);
    }
}
