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
            List<String> allowedCidrs) {
    }

    /** {@code POST /keys/verify}: the key a backend was given, and optionally where its client connected from. */
    public record Verification(
            @NotNull(message = "is required")
            @Pattern(regexp = "(?s).{1,200}", message = "must be 1-200 characters")
            String key,
            @Pattern(regexp = "[0-9A-Fa-f:.]{2,45}", message = "must be an IPv4 or IPv6 address")
            String clientIp) {
    }

    /** {@code PATCH /keys/{id}}: what to change; absent means unchanged ({@code allowed_cidrs: []}: any address). */
    public record KeyChanges(
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            @Pattern(regexp = "(?s).{0,200}", message = "must be at most 200 characters")
            @Pattern(regexp = NO_CONTROL, message = "must not contain control characters")
            String description,
            @Pattern(regexp = "read_only|read_write", message = "must be read_only or read_write")
            String access,
            List<String> allowedCidrs) {
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
