package dev.jakartamcp.security;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Jakarta role of the operations API ({@code /mcp-admin}, {@code @RolesAllowed("mcp-admin")}) and the token
 * permission that grants it, {@code mcp.ops.role} (default {@code mcp-admin}: the permission of the same name, like
 * any other). When an operator names another permission, the container groups of a caller are its permissions with
 * {@code mcp-admin} standing for that one: a token holding the literal {@code mcp-admin} no longer gets in.
 */
public final class OperationsRole {
    public static final String NAME = "mcp-admin";

    private OperationsRole() {
    }

    /** The container groups for a caller with {@code permissions} when {@code opsPermission} grants the operations role. */
    public static Set<String> containerGroups(Set<String> permissions, String opsPermission) {
        if (NAME.equals(opsPermission)) {
            return permissions;
        }
        Set<String> groups = new LinkedHashSet<>(permissions);
        groups.remove(NAME);
        if (permissions.contains(opsPermission)) {
            groups.add(NAME);
        }
        return Set.copyOf(groups);
    }
}
