package io.latchkey.caller;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;

/**
 * The authenticated caller of the current request, as the authentication mechanism established it.
 * {@code keyId}, {@code access} ({@code read_only} or {@code read_write}) and {@code keyExpiresAt} are set
 * only for key authentication; {@code previousSecret}: the key's old secret, in the grace period of a
 * regeneration, authenticated the request; {@code scoped}: the key carries scopes of the organization's
 * services, so it is for those services and reaches only what is marked for it of Latchkey's own API.
 */
public record Caller(String userId, String organizationId, Method method, String keyId, String access,
                     Instant keyExpiresAt, boolean previousSecret, boolean scoped) {

    /** The request attribute the authentication mechanism puts the caller in. */
    public static final String ATTRIBUTE = Caller.class.getName();
    private static final String READ_ONLY = "read_only";

    public enum Method {
        PASSWORD("password"),
        API_KEY("api_key"),
        SESSION("session");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public static Caller byPassword(String userId, String organizationId) {
        return new Caller(userId, organizationId, Method.PASSWORD, null, null, null, false, false);
    }

    public static Caller bySession(String userId, String organizationId) {
        return new Caller(userId, organizationId, Method.SESSION, null, null, null, false, false);
    }

    public static Caller byKey(String userId, String organizationId, String keyId, String access,
                               Instant expiresAt, boolean previousSecret, boolean scoped) {
        return new Caller(userId, organizationId, Method.API_KEY, keyId, access, expiresAt, previousSecret, scoped);
    }

    /** The caller of this request, or null when it is anonymous. */
    public static Caller of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : null;
    }

    /** Whether a key authenticated the request. */
    public boolean isKey() {
        return method == Method.API_KEY;
    }

    public boolean isReadOnlyKey() {
        return method == Method.API_KEY && READ_ONLY.equals(access);
    }
}
