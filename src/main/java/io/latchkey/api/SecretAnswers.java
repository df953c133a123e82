package io.latchkey.api;

import jakarta.ws.rs.core.CacheControl;

/** What every answer that shows a secret (a key's, a webhook's signing secret) says to caches. */
public final class SecretAnswers {

    private SecretAnswers() {
    }

    /** {@code no-store, no-cache}: no cache keeps or replays the answer. */
    public static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        cache.setNoCache(true);
        return cache;
    }
}
