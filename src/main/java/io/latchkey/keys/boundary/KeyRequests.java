package io.latchkey.keys.boundary;

import io.latchkey.api.RequestBodies.EmptyMeansDefaults;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The request bodies of {@code /api/v1/keys}, as the platform binds and validates them. */
public final class KeyRequests {

    static final String NO_CONTROL = "[^\\p{Cc}]*";
    static final String NOT_BLANK = "(?s).*\\S.*";
    static final String DAYS = "must be between 1 and 365";

    private KeyRequests() {
    }

    /** {@code POST /keys}. */
    public record NewKey(
            @NotBlank
            @Size(max = 200, message = "must be at most 200 characters")
            @Pattern(regexp = NO_CONTROL, message = "must not contain control characters")
            String description,
            @Pattern(regexp = "read_only|read_write", message = "must be read_only or read_write")
            String access,
            @Min(value = 1, message = DAYS) @Max(value = 365, message = DAYS)
            Integer expiresInDays,
            String expiresAt,
            String ownerId) {
    }

    /** {@code PATCH /keys/{id}}: what to change; absent means unchanged. */
    public record KeyChanges(
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            @Size(max = 200, message = "must be at most 200 characters")
            @Pattern(regexp = NO_CONTROL, message = "must not contain control characters")
            String description,
            @Pattern(regexp = "read_only|read_write", message = "must be read_only or read_write")
            String access) {
    }

    /** {@code POST /keys/{id}/regenerate}: an optional new expiry. */
    @EmptyMeansDefaults
    public record Regeneration(
            @Min(value = 1, message = DAYS) @Max(value = 365, message = DAYS)
            Integer expiresInDays,
            String expiresAt) {
    }
}
