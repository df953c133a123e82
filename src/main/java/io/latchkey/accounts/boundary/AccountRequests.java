package io.latchkey.accounts.boundary;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** The request bodies of users, the organization and new organizations, as the platform binds and validates them. */
public final class AccountRequests {

    static final String EMAIL = "\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*";
    static final String EMAIL_MESSAGE = "must be an email address of at most 254 characters";
    static final String NAME = "\\s*[^\\p{Cc}]*\\S[^\\p{Cc}]*";
    static final String NAME_MESSAGE = "must be 1-200 characters without control characters";
    static final String PASSWORD = "[^\\p{Cc}]*";
    static final String ROLE = "admin|token-manager|member|operator";
    static final String ROLE_MESSAGE = "unknown role; roles are admin, token-manager, member, operator";
    static final String DAYS = "must be between 1 and 365";
    static final String KEYS = "must be between 1 and 100000";

    private AccountRequests() {
    }

    /** {@code POST /users}. */
    public record NewUser(
            @NotNull(message = "is required") @Pattern(regexp = EMAIL, message = EMAIL_MESSAGE)
            @Size(max = 254, message = EMAIL_MESSAGE) String email,
            @NotNull(message = "is required") @Pattern(regexp = NAME, message = NAME_MESSAGE)
            @Size(max = 200, message = NAME_MESSAGE) String name,
            @NotNull(message = "is required") @Size(min = 12, max = 128, message = "must be 12-128 characters")
            @Pattern(regexp = PASSWORD, message = "must not contain control characters") String password,
            @NotEmpty(message = "give at least one role: admin, token-manager, member, operator")
            Set<@Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles) {
    }

    /** {@code PATCH /users/{id}}: what to change; absent means unchanged. */
    public record UserChanges(
            @Pattern(regexp = NAME, message = NAME_MESSAGE) @Size(max = 200, message = NAME_MESSAGE) String name,
            @Size(min = 1, message = "give at least one role: admin, token-manager, member, operator")
            Set<@Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles,
            Boolean active,
            @Size(min = 12, max = 128, message = "must be 12-128 characters")
            @Pattern(regexp = PASSWORD, message = "must not contain control characters") String password) {
    }

    /** {@code PATCH /organization}: what to change; absent means unchanged. */
    public record OrganizationChanges(
            @Pattern(regexp = NAME, message = NAME_MESSAGE) @Size(max = 200, message = NAME_MESSAGE) String name,
            @Min(value = 1, message = DAYS) @Max(value = 365, message = DAYS) Integer maxKeyLifetimeDays,
            @Min(value = 1, message = DAYS) @Max(value = 365, message = DAYS) Integer defaultKeyLifetimeDays,
            @Min(value = 1, message = KEYS) @Max(value = 100_000, message = KEYS) Integer maxKeysPerUser) {
    }

    /** The first admin of a new organization. */
    public record NewAdmin(
            @NotNull(message = "is required") @Pattern(regexp = EMAIL, message = EMAIL_MESSAGE)
            @Size(max = 254, message = EMAIL_MESSAGE) String email,
            @NotNull(message = "is required") @Pattern(regexp = NAME, message = NAME_MESSAGE)
            @Size(max = 200, message = NAME_MESSAGE) String name,
            @NotNull(message = "is required") @Size(min = 12, max = 128, message = "must be 12-128 characters")
            @Pattern(regexp = PASSWORD, message = "must not contain control characters") String password) {
    }

    /** {@code POST /organizations}. */
    public record NewOrganization(
            @NotNull(message = "is required") @Pattern(regexp = NAME, message = NAME_MESSAGE)
            @Size(max = 200, message = NAME_MESSAGE) String name,
            @NotNull(message = "is required") @Valid NewAdmin admin) {
    }
}
