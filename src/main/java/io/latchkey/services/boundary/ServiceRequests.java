package io.latchkey.services.boundary;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The request bodies of {@code /api/v1/services}, as the platform binds and validates them. How many scopes a
 * service may define is the entity's rule (no {@code @Size} here: Payara's OpenAPI scanner fails on it).
 */
public final class ServiceRequests {

    static final String NO_CONTROL = "[^\\p{Cc}]*";
    static final String DESCRIPTION = "(?s)[^\\p{Cc}]{0,200}";
    static final String DESCRIPTION_MESSAGE = "must be at most 200 characters, without control characters";

    private ServiceRequests() {
    }

    /** One scope of a service: {@code <service>:<action>}; {@code writes}: it lets a key change something. */
    public record Scope(
            @NotNull(message = "is required")
            @Pattern(regexp = "[a-z][a-z0-9_-]{0,39}:[a-z0-9][a-z0-9_.:-]{0,39}",
                    message = "must be <service>:<action> in lower-case letters, digits, '_', '.', ':' or '-'")
            String name,
            @Pattern(regexp = DESCRIPTION, message = DESCRIPTION_MESSAGE)
            String description,
            Boolean writes) {
    }

    /** {@code POST /services}. */
    public record NewService(
            @NotNull(message = "is required")
            @Pattern(regexp = "[a-z][a-z0-9_-]{0,39}",
                    message = "must be 1-40 lower-case letters, digits, '_' or '-', starting with a letter")
            String name,
            @Pattern(regexp = DESCRIPTION, message = DESCRIPTION_MESSAGE)
            String description,
            Boolean adminsOnly,
            @Valid
            List<Scope> scopes) {
    }

    /** {@code PATCH /services/{id}}: absent means unchanged; {@code scopes} replaces the whole list. */
    public record ServiceChanges(
            @Pattern(regexp = DESCRIPTION, message = DESCRIPTION_MESSAGE)
            String description,
            Boolean adminsOnly,
            @Valid
            List<Scope> scopes) {
    }
}
