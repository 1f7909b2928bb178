package dev.jakartamcp.security;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleExtractorTest {

    private final RoleExtractor defaults = new RoleExtractor(AuthSettings.DEFAULT_ROLES_CLAIMS);

    /** Claims the way Payara's JsonWebToken hands them out: jakarta.json values. */
    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void splitsScopeStringsOnAnyWhitespace() {
        assertEquals(List.of("openid", "channels:read", "recordings:write"),
                List.copyOf(defaults.rolesFrom(Map.of("scope", "  openid\tchannels:read \n recordings:write "))));
    }

    @Test
    void takesEachElementOfAnArray() {
        assertEquals(Set.of("channels:read", "recordings:write"),
                defaults.rolesFrom(Map.of("permissions", List.of("channels:read", "recordings:write"))));
    }

    @Test
    void doesNotSplitArrayElements() {
        assertEquals(Set.of("Domain Users"), defaults.rolesFrom(Map.of("groups", List.of("Domain Users"))));
    }

    @Test
    void keepsArrayElementsExactlyAsTheTokenHasThemSinceJakartaEeComparesRoleNamesExactly() {
        assertEquals(Set.of(" admin", "admin "), defaults.rolesFrom(Map.of("permissions", List.of(" admin", "admin "))));
    }

    @Test
    void ignoresNonStringElementsAndValues() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("permissions", Arrays.asList("a", 5, null, Map.of("x", "y"), List.of("nested"), " ", "b"));
        claims.put("roles", 42);
        claims.put("groups", Map.of("admin", true));
        claims.put("scp", null);
        assertEquals(Set.of("a", "b"), defaults.rolesFrom(claims));
    }

    @Test
    void combinesEveryConfiguredClaimInOrderWithoutDuplicates() {
        Map<String, Object> claims = Map.of(
                "permissions", List.of("channels:read"),
                "scope", "openid channels:read",
                "scp", "User.Read",
                "roles", List.of("Recordings.Admin"),
                "groups", List.of("mcp-users"));
        assertEquals(List.of("channels:read", "openid", "User.Read", "Recordings.Admin", "mcp-users"),
                List.copyOf(defaults.rolesFrom(claims)));
    }

    @Test
    void onlyReadsTheConfiguredClaims() {
        RoleExtractor permissionsOnly = new RoleExtractor(List.of("permissions"));
        assertEquals(Set.of("p"), permissionsOnly.rolesFrom(Map.of("permissions", List.of("p"), "scope", "s")));
    }

    @Test
    void noClaimsNoRoles() {
        assertTrue(defaults.rolesFrom(Map.of("sub", "u")).isEmpty());
    }

    @Test
    void readsJakartaJsonArraysAndStrings() {
        JsonObject claims = json("{\"permissions\":[\"channels:read\",7,\"recordings:write\"],"
                + "\"scope\":\"openid profile\",\"roles\":[\"Admin\"]}");
        assertEquals(Set.of("channels:read", "recordings:write", "openid", "profile", "Admin"),
                defaults.rolesFrom(claims));
    }

    @Test
    void readsAJakartaJsonStringHeldInAPlainMap() {
        assertEquals(Set.of("a", "b"), defaults.rolesFrom(Map.of("scp", Json.createValue("a b"))));
    }

    @Test
    void followsDottedPathsForKeycloakNestedRoles() {
        RoleExtractor keycloak = new RoleExtractor(List.of("realm_access.roles", "resource_access.mcp-server.roles"));
        Map<String, Object> claims = Map.of(
                "realm_access", Map.of("roles", List.of("offline_access")),
                "resource_access", Map.of("mcp-server", Map.of("roles", List.of("channels:read")),
                        "account", Map.of("roles", List.of("manage-account"))));
        assertEquals(Set.of("offline_access", "channels:read"), keycloak.rolesFrom(claims));
    }

    @Test
    void followsDottedPathsThroughJakartaJsonObjects() {
        RoleExtractor keycloak = new RoleExtractor(List.of("realm_access.roles"));
        assertEquals(Set.of("admin"), keycloak.rolesFrom(json("{\"realm_access\":{\"roles\":[\"admin\"]}}")));
        assertTrue(keycloak.rolesFrom(json("{\"realm_access\":[\"admin\"]}")).isEmpty());
    }

    @Test
    void aKeycloakClientIdWithDotsIsOneKeyOfThePath() {
        RoleExtractor extractor = new RoleExtractor(List.of("resource_access.com.example.mcp.roles"));
        assertEquals(Set.of("tools:read"), extractor.rolesFrom(json(
                "{\"resource_access\":{\"com.example.mcp\":{\"roles\":[\"tools:read\"]},\"com\":{\"x\":1}}}")));
        assertEquals(Set.of(), extractor.rolesFrom(json("{\"resource_access\":{\"com.example\":{\"roles\":[\"no\"]}}}")));
    }

    @Test
    void exactClaimNameWinsOverDottedPath() {
        RoleExtractor namespaced = new RoleExtractor(List.of("https://mcp.example.com/groups"));
        Map<String, Object> claims = Map.of(
                "https://mcp.example.com/groups", List.of("editors"),
                "https://mcp", Map.of("example", Map.of("com/groups", List.of("wrong"))));
        assertEquals(Set.of("editors"), namespaced.rolesFrom(claims));
    }

    @Test
    void acceptsJavaArrays() {
        assertEquals(Set.of("x", "y"), defaults.rolesFrom(Map.of("groups", new String[] {"x", "y"})));
    }

    @Test
    void resultIsUnmodifiable() {
        Set<String> roles = defaults.rolesFrom(Map.of("scope", "a"));
        assertThrows(UnsupportedOperationException.class, () -> roles.add("b"));
    }
}
