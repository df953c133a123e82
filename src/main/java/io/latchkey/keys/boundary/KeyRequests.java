package io.latchkey.keys.boundary;

import io.latchkey.api.RequestBodies.EmptyMeansDefaults;
import io.latchkey.api.Between;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** The request bodies of {@code /api/v1/keys}, as the platform binds and validates them. */
public final class KeyRequests {

    static final String NO_CONTROL = "[^\\p{Cc}]*";
    static final String NOT_BLANK = "(?s).*\\S.*";
    static final String DAYS = "must be between 1 and 365";
    static final String RATE = "must be between 1 and 1000000 (0: the organization's default)";
    /** A scope of a service: {@code <service>:<action>} (see {@code io.latchkey.services.entity.Service}). */
    static final String SCOPE = "[a-z][a-z0-9_-]{0,39}:[a-z0-9][a-z0-9_.:-]{0,39}";
    static final String SCOPE_MESSAGE = "must be scopes of the organization's services, such as orders:read";
    /** A random id (a UUID), as streams and changes have. */
    static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private KeyRequests() {
    }

    /** {@code POST /keys}. */
    public record NewKey(
            @NotNull(message = "must not be blank")
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            @Pattern(regexp = "(?s).{0,200}", message = "must be at most 200 characters")
            @Pattern(regexp = NO_CONTROL, message = "must not contain control characters")
            String description,
            @Pattern(regexp = "read_only|read_write", message = "must be read_only or read_write")
            String access,
            @Between(min = 1, max = 365, message = DAYS)
            Integer expiresInDays,
            String expiresAt,
            String ownerId,
            List<String> allowedCidrs,
            List<String> scopes,
            @Between(min = 0, max = 1_000_000, message = RATE)
            Integer requestsPerMinute) {
    }

    /** {@code POST /keys/changes/acks}: a change stream's client took the change {@code change} on the stream {@code stream}. */
    public record StreamAck(
            @NotNull(message = "is required")
            @Pattern(regexp = ID, message = "must be the stream id of the ready event")
            String stream,
            @NotNull(message = "is required")
            @Pattern(regexp = ID, message = "must be the change id of the changed event")
            String change) {
    }

    /**
     * {@code POST /keys/verify}: the key a backend was given, optionally where its client connected from, and
     * the scope the backend needs of it.
     */
    public record Verification(
            @NotNull(message = "is required")
            @Pattern(regexp = "(?s).{1,200}", message = "must be 1-200 characters")
            String key,
            @Pattern(regexp = "[0-9A-Fa-f:.]{2,45}", message = "must be an IPv4 or IPv6 address")
            String clientIp,
            @Pattern(regexp = SCOPE, message = SCOPE_MESSAGE)
            String scope) {
    }

    /**
     * {@code PATCH /keys/{id}}: what to change; absent means unchanged ({@code allowed_cidrs: []}: any address;
     * {@code requests_per_minute: 0}: the organization's default).
     */
    public record KeyChanges(
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            @Pattern(regexp = "(?s).{0,200}", message = "must be at most 200 characters")
            @Pattern(regexp = NO_CONTROL, message = "must not contain control characters")
            String description,
            @Pattern(regexp = "read_only|read_write", message = "must be read_only or read_write")
            String access,
            List<String> allowedCidrs,
            List<String> scopes,
            @Between(min = 0, max = 1_000_000, message = RATE)
            Integer requestsPerMinute) {
    }

    /** {@code POST /keys/{id}/regenerate}: an optional new expiry and how long the old secret keeps working. */
    @EmptyMeansDefaults
    public record Regeneration(
            @Between(min = 1, max = 365, message = DAYS)
            Integer expiresInDays,
            String expiresAt,
            @Between(min = 0, max = 10080, message = "must be between 0 and 10080 (seven days)")
            Integer gracePeriodMinutes) {
    }
}
