package io.latchkey.accounts.boundary;

import io.latchkey.api.AtLeastOne;
import io.latchkey.api.Between;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Set;

/** The request bodies of users, the organization and new organizations, as the platform binds and validates them. */
public final class AccountRequests {

    static final String NAME = "[^\\p{Cc}]*[^\\p{Cc}\\s][^\\p{Cc}]*";
    static final String NAME_MESSAGE = "must be 1-200 characters without control characters";
    static final String PASSWORD = "[^\\p{Cc}]*";
    static final String ROLE = "admin|token-manager|member|operator|verifier";
    static final String ROLE_MESSAGE = "unknown role; roles are admin, token-manager, member, operator, verifier";
    static final String DAYS = "must be between 1 and 365";
    static final String KEYS = "must be between 1 and 100000";
    static final String UNUSED_DAYS = "must be 0 (off) or between 30 and 365";

    private AccountRequests() {
    }

    /** {@code POST /users}. */
    public record NewUser(
            @NotNull(message = "is required") @EmailAddress String email,
            @NotNull(message = "is required") @Pattern(regexp = NAME, message = NAME_MESSAGE)
            @Pattern(regexp = "(?s).{0,200}", message = NAME_MESSAGE) String name,
            @NotNull(message = "is required") @Pattern(regexp = "(?s).{12,128}", message = "must be 12-128 characters")
            @Pattern(regexp = PASSWORD, message = "must not contain control characters") String password,
            @NotNull(message = "give at least one role: admin, token-manager, member, operator, verifier") @AtLeastOne(message = "give at least one role: admin, token-manager, member, operator, verifier")
            Set<@Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles) {
    }

    /** {@code PATCH /users/{id}}: what to change; absent means unchanged. */
    public record UserChanges(
            @Pattern(regexp = NAME, message = NAME_MESSAGE) @Pattern(regexp = "(?s).{0,200}", message = NAME_MESSAGE) String name,
            @AtLeastOne(message = "give at least one role: admin, token-manager, member, operator, verifier")
            Set<@Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles,
            Boolean active,
            @Pattern(regexp = "(?s).{12,128}", message = "must be 12-128 characters")
            @Pattern(regexp = PASSWORD, message = "must not contain control characters") String password) {
    }

    /** {@code POST /service-accounts}: a user that is no person; its responsible person gets its keys' notices. */
    public record NewServiceAccount(
            @NotNull(message = "is required") @Pattern(regexp = NAME, message = NAME_MESSAGE)
            @Pattern(regexp = "(?s).{0,200}", message = NAME_MESSAGE) String name,
            @NotNull(message = "give at least one role: admin, token-manager, member, verifier") @AtLeastOne(message = "give at least one role: admin, token-manager, member, verifier")
            Set<@Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles,
            @NotNull(message = "is required") String responsibleId,
            Set<String> managerIds) {
    }

    /** {@code PATCH /service-accounts/{id}}: a new responsible person and/or managers; absent means unchanged. */
    public record ServiceAccountChanges(String responsibleId, Set<String> managerIds) {
    }

    /** {@code PATCH /organization}: what to change; absent means unchanged. */
    public record OrganizationChanges(
            @Pattern(regexp = NAME, message = NAME_MESSAGE) @Pattern(regexp = "(?s).{0,200}", message = NAME_MESSAGE) String name,
            @Between(min = 1, max = 365, message = DAYS) Integer maxKeyLifetimeDays,
            @Between(min = 1, max = 365, message = DAYS) Integer defaultKeyLifetimeDays,
            @Between(min = 1, max = 100_000, message = KEYS) Integer maxKeysPerUser,
            @Pattern(regexp = "off|weekly", message = "must be off or weekly") String expiryDigest,
            @Between(min = 0, max = 365, message = UNUSED_DAYS) Integer revokeUnusedAfterDays,
            @Between(min = 0, max = 1_000_000, message = "must be between 0 (no default) and 1000000")
            Integer defaultRequestsPerMinute) {
    }

    /** The first admin of a new organization. */
    public record NewAdmin(
            @NotNull(message = "is required") @EmailAddress String email,
            @NotNull(message = "is required") @Pattern(regexp = NAME, message = NAME_MESSAGE)
            @Pattern(regexp = "(?s).{0,200}", message = NAME_MESSAGE) String name,
            @NotNull(message = "is required") @Pattern(regexp = "(?s).{12,128}", message = "must be 12-128 characters")
            @Pattern(regexp = PASSWORD, message = "must not contain control characters") String password) {
    }

    /** {@code POST /organizations}. */
    public record NewOrganization(
            @NotNull(message = "is required") @Pattern(regexp = NAME, message = NAME_MESSAGE)
            @Pattern(regexp = "(?s).{0,200}", message = NAME_MESSAGE) String name,
            @NotNull(message = "is required") @Valid NewAdmin admin) {
    }
}
