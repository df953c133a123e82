package io.latchkey.accounts.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The roles a user may hold; {@link #wireName()} is both the JSON value and the container role name. */
public enum Role {
    ADMIN("admin"),
    TOKEN_MANAGER("token-manager"),
    MEMBER("member"),
    /** Runs the installation: may create organizations. Given to the bootstrap admin. */
    OPERATOR("operator"),
    /**
     * A backend's service account: may verify the organization's keys ({@code POST /keys/verify}) and
     * nothing else. Held alone; admins may verify too.
     */
    VERIFIER("verifier");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
    }

    /**
     * The roles with everything they imply: an admin can do all a token manager, a member and a verifier
     * can, and a token manager all a member can. Comparing these sets tells whether one user holds every right of
     * another (the operator role implies nothing but itself).
     */
    public static Set<Role> withImplied(Set<Role> roles) {
        Set<Role> all = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        if (all.contains(ADMIN)) {
            all.add(TOKEN_MANAGER);
            all.add(VERIFIER);
        }
        if (all.contains(TOKEN_MANAGER) || all.contains(ADMIN)) {
            all.add(MEMBER);
        }
        return all;
    }

    /** Whether {@code holder} has every right that {@code other} has. */
    public static boolean covers(Set<Role> holder, Set<Role> other) {
        return withImplied(holder).containsAll(withImplied(other));
    }

    /**
     * The most of both: every right that {@code one} and {@code other} both give, as the fewest roles that give
     * it ({@code member} when they share none). A ceiling of token-manager on an admin's groups leaves a token
     * manager; on a verifier's, a member.
     */
    public static Set<Role> meet(Set<Role> one, Set<Role> other) {
        Set<Role> both = withImplied(one);
        both.retainAll(withImplied(other));
        if (both.contains(ADMIN)) {
            both.remove(TOKEN_MANAGER);
            both.remove(VERIFIER);
        }
        if (both.contains(ADMIN) || both.contains(TOKEN_MANAGER)) {
            both.remove(MEMBER);
        }
        return both.isEmpty() ? EnumSet.of(MEMBER) : both;
    }

    /** Roles that may own and manage API keys. */
    public static boolean canManageKeys(Set<Role> roles) {
        return roles.contains(ADMIN) || roles.contains(TOKEN_MANAGER);
    }

    /** A verifier holds no other role: its credentials must be good for verification only. */
    public static boolean isValidCombination(Set<Role> roles) {
        return !roles.contains(VERIFIER) || roles.size() == 1;
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }
}
