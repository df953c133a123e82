package io.latchkey.accounts.boundary;

import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import java.time.Instant;
import java.util.List;

/**
 * A user as the API shows it; never the password hash. {@code identitySource}: {@code local} (a Latchkey
 * password), {@code oidc} (the provider) or {@code ldap} (the directory), whose groups set the roles.
 */
public record UserView(String id, String email, String name, List<String> roles, boolean active,
                       Instant createdAt, String identitySource) {

    static UserView of(User user) {
        return new UserView(user.id(), user.email(), user.name(),
                user.roles().stream().map(Role::wireName).sorted().toList(), user.isActive(), user.createdAt(),
                user.source().wireName());
    }
}
