package io.latchkey.accounts.boundary;

import io.latchkey.accounts.control.Accounts.NewUser;
import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.api.JsonBody;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks on user fields shared by creation and edits; errors are collected in the body. */
final class UserInput {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int EMAIL_MAX = 254;
    private static final int NAME_MAX = 200;

    private UserInput() {
    }

    static Optional<String> email(JsonBody body) {
        return body.string("email").map(String::strip).filter(email -> {
            if (email.length() > EMAIL_MAX || User.normalizeEmail(email).length() > EMAIL_MAX
                    || !EMAIL.matcher(email).matches()) {
                body.reject("email", "must be an email address of at most " + EMAIL_MAX + " characters");
                return false;
            }
            return true;
        });
    }

    static Optional<String> name(JsonBody body) {
        return body.string("name").map(String::strip).filter(name -> {
            if (name.isEmpty() || name.length() > NAME_MAX || name.chars().anyMatch(Character::isISOControl)) {
                body.reject("name", "must be 1-" + NAME_MAX + " characters without control characters");
                return false;
            }
            return true;
        });
    }

    static Optional<String> password(JsonBody body) {
        return body.string("password").filter(password -> {
            String weakness = Passwords.weakness(password);
            if (weakness != null) {
                body.reject("password", weakness);
                return false;
            }
            return true;
        });
    }

    static Optional<Set<Role>> roles(JsonBody body) {
        return body.strings("roles").flatMap(names -> {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String name : names) {
                Optional<Role> role = Role.fromWireName(name);
                if (role.isEmpty()) {
                    body.reject("roles", "unknown role '" + name + "'; roles are " + Role.allWireNames());
                    return Optional.empty();
                }
                role.ifPresent(roles::add);
            }
            if (roles.isEmpty()) {
                body.reject("roles", "give at least one role: " + Role.allWireNames());
                return Optional.empty();
            }
            return Optional.of(roles);
        });
    }

    /** A new user's fields, all required; roles only when asked for (otherwise {@code roles}). */
    static NewUser newUser(JsonBody body, boolean withRoles, Set<Role> roles) {
        require(body, "email");
        require(body, "name");
        require(body, "password");
        if (withRoles) {
            require(body, "roles");
        }
        Optional<String> email = email(body);
        Optional<String> name = name(body);
        Optional<String> password = password(body);
        Optional<Set<Role>> given = withRoles ? roles(body) : Optional.empty();
        body.check();
        return new NewUser(email.orElseThrow(), name.orElseThrow(), password.orElseThrow(), given.orElse(roles));
    }

    static void require(JsonBody body, String field) {
        if (!body.has(field)) {
            body.reject(field, "is required");
        }
    }
}
