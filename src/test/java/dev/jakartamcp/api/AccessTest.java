package dev.jakartamcp.api;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessTest {

    @Test
    void permitAllAdmitsEveryCaller() {
        assertTrue(Access.permitAll().permits(Set.of(), true));
        assertTrue(Access.permitAll().permits(Set.of(), false));
    }

    @Test
    void denyAllDeniesEvenWithAuthorizationOff() {
        assertFalse(Access.denyAll().permits(Set.of("admin"), true));
        assertFalse(Access.denyAll().permits(Set.of(), false));
    }

    @Test
    void rolesAllowedNeedsAnyOneRoleWhenRolesAreChecked() {
        Access access = Access.rolesAllowed("a", "b");
        assertTrue(access.permits(Set.of("b"), true));
        assertFalse(access.permits(Set.of("c"), true));
        assertTrue(access.permits(Set.of(), false), "with authorization off there are no roles to check");
    }

    @Test
    void noRoleAtAllMeansNobodyAsInJakartaEe() {
        assertEquals(Access.denyAll(), Access.rolesAllowed());
        assertEquals(Access.denyAll(), Access.rolesAllowed(" ", ""));
        assertFalse(Access.rolesAllowed().permits(Set.of(), false));
    }

    @Test
    void doubleStarAmongTheRolesMeansEveryAuthenticatedCallerAsInJakartaEe() {
        assertEquals(Access.permitAll(), Access.rolesAllowed("**"));
        assertEquals(Access.permitAll(), Access.rolesAllowed("channels:read", "**"));
        assertTrue(Access.rolesAllowed("channels:read", "**").permits(Set.of("mcp:tools"), true));
        assertTrue(Access.rolesAllowed("**").roles().isEmpty(), "no role named ** is ever declared or asked for");
        // the record's own constructor, which a definition built in code may use, reads ** the same way; before, it kept
        // ** as a literal role that only a token holding a permission named ** satisfied
        assertEquals(Access.permitAll(), new Access(Access.Rule.ROLES_ALLOWED, Set.of("channels:read", "**")));
        assertTrue(new Access(Access.Rule.ROLES_ALLOWED, Set.of("**")).permits(Set.of("mcp:tools"), true));
        // role names are compared exactly, as in Jakarta EE: " ops" is no name a token's permission is meant to match
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Access.rolesAllowed("\u3000ops "),
                "the factory refuses what the constructor refuses, Unicode spaces too");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Access(Access.Rule.ROLES_ALLOWED, Set.of(" ")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Access(Access.Rule.ROLES_ALLOWED, Set.of(" admin")));
    }

    @Test
    void bothMustPermit() {
        assertFalse(Access.permitAll().permits(Set.of("a"), true, Access.rolesAllowed("b")));
        assertTrue(Access.rolesAllowed("a").permits(Set.of("a", "b"), true, Access.rolesAllowed("b")));
    }
}
