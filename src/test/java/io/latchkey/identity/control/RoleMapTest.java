package io.latchkey.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.accounts.entity.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RoleMapTest {

    private final RoleMap map = RoleMap.parse("latchkey-admins=admin, API-Token-Managers = token-manager,staff=member");

    @Test
    void groupsGiveTheirRolesWhateverTheCase() {
        assertEquals(EnumSet.of(Role.ADMIN, Role.TOKEN_MANAGER), map.rolesOf(List.of("Latchkey-Admins", "api-token-managers", "other")));
    }

    @Test
    void noMappedGroupMeansMember() {
        assertEquals(Set.of(Role.MEMBER), map.rolesOf(List.of("sales")));
        assertEquals(Set.of(Role.MEMBER), RoleMap.parse("").rolesOf(List.of()));
        assertTrue(RoleMap.parse(null).isEmpty());
    }

    @Test
    void groupNamesMayHoldEqualsSigns() {
        assertEquals(Set.of(Role.ADMIN), RoleMap.parse("team=admins=admin").rolesOf(List.of("team=admins")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"admins", "admins=", "=admin", "admins=operator", "admins=verifier", "admins=root"})
    void aMalformedEntryOrARoleNoGroupMayGiveIsRefused(String setting) {
        assertThrows(IllegalArgumentException.class, () -> RoleMap.parse(setting));
    }
}
