package dev.jakartamcp.security;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OperationsRoleTest {
    @Test
    void byDefaultThePermissionMcpAdminIsTheRole() {
        assertEquals(Set.of("mcp-admin", "channels:read"), OperationsRole.containerGroups(Set.of("mcp-admin", "channels:read"), "mcp-admin"));
        assertEquals(Set.of("channels:read"), OperationsRole.containerGroups(Set.of("channels:read"), "mcp-admin"));
    }

    @Test
    void anotherPermissionGrantsTheRoleAndTheLiteralNameNoLongerDoes() {
        assertEquals(Set.of("ops:read", "mcp-admin"), OperationsRole.containerGroups(Set.of("ops:read"), "ops:read"));
        assertEquals(Set.of("channels:read"), OperationsRole.containerGroups(Set.of("mcp-admin", "channels:read"), "ops:read"));
    }
}
