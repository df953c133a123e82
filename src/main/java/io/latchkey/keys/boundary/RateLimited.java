package io.latchkey.keys.boundary;

import io.latchkey.keys.control.KeyVerdict;
import io.latchkey.keys.control.RateLimits;
import io.latchkey.problems.ProblemException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The answer to a key over its rate limit: 429 {@code rate_limited}, with {@code Retry-After} and the {@code RateLimit-*} headers. */
public final class RateLimited {

    private RateLimited() {
    }

    public static ProblemException problem(RateLimits.Decision decision) {
        Map<String, String> headers = new HashMap<>(decision.headers());
        headers.put("Retry-After", Long.toString(decision.resetSeconds()));
        return new ProblemException(429, KeyVerdict.RATE_LIMITED, "Too many requests", "The API key is over its rate limit of "
                + decision.limit() + " requests per minute; try again in " + decision.resetSeconds() + " seconds",
                List.of(), headers);
    }
}
