package io.latchkey.accounts.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import java.time.Instant;
import java.util.List;

/**
 * A user as the API shows it; never the password hash. {@code identitySource}: {@code local} (a Latchkey
 * password), {@code oidc} (the provider) or {@code ldap} (the directory), whose groups set the roles, or
 * {@code service} for a service account. {@code kind}: {@code person} or {@code service}; a service account also
 * shows its {@code responsible} person and {@code managerIds} (token managers who manage its keys).
 */
public record UserView(String id, String email, String name, List<String> roles, boolean active,
                       Instant createdAt, String identitySource, String kind, @JsonbNillable Responsible responsible,
                       List<String> managerIds) {

    /** A service account's responsible person; {@code active: false} means an admin must name another. */
    public record Responsible(String id, String email, String name, boolean active) {
    }

    static UserView of(User user) {
        User person = user.responsible();
        return new UserView(user.id(), user.email(), user.name(),
                user.roles().stream().map(Role::wireName).sorted().toList(), user.isActive(), user.createdAt(),
                user.source().wireName(), user.isServiceAccount() ? "service" : "person",
                person == null ? null : new Responsible(person.id(), person.email(), person.name(), person.isActive()),
                user.managerIds().stream().sorted().toList());
    }
}
