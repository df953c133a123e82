package io.latchkey.identity.control;

import io.latchkey.accounts.entity.Role;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which group gives which role, from a setting such as {@code latchkey-admins=admin,api-token-managers=token-manager}.
 * Group names match without regard to case. Only {@code admin}, {@code token-manager} and {@code member} can be
 * given by a group: the operator runs the installation and a verifier is a service account, both set in
 * Latchkey. A person in no mapped group is a member (signs in, sees the console, manages no keys).
 */
public final class RoleMap {

    private static final Set<Role> GRANTABLE = EnumSet.of(Role.ADMIN, Role.TOKEN_MANAGER, Role.MEMBER);

    private final Map<String, Role> byGroup;

    private RoleMap(Map<String, Role> byGroup) {
        this.byGroup = Map.copyOf(byGroup);
    }

    /** Parses the setting; a malformed entry or a role no group may give is an {@link IllegalArgumentException} saying which. */
    public static RoleMap parse(String setting) {
        Map<String, Role> byGroup = new LinkedHashMap<>();
        for (String entry : setting == null ? new String[0] : setting.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int split = entry.lastIndexOf('=');
            if (split <= 0 || split == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not group=role");
            }
            String group = entry.substring(0, split).trim().toLowerCase(Locale.ROOT);
            String roleName = entry.substring(split + 1).trim();
            Role role = Role.fromWireName(roleName).filter(GRANTABLE::contains).orElseThrow(() ->
                    new IllegalArgumentException("'" + roleName + "' is not a role a group may give (admin, token-manager, member)"));
            byGroup.put(group, role);
        }
        return new RoleMap(byGroup);
    }

    /** The roles the groups give; {@code member} when they give none. */
    public Set<Role> rolesOf(Collection<String> groups) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String group : groups) {
            Role role = byGroup.get(group.toLowerCase(Locale.ROOT));
            if (role != null) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            roles.add(Role.MEMBER);
        }
        return roles;
    }

    public boolean isEmpty() {
        return byGroup.isEmpty();
    }
}
