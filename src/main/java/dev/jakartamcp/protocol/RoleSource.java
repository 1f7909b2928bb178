package dev.jakartamcp.protocol;

import java.util.Set;

/** A registry that can say which roles (permissions) its entries require; the union is the server's scope list. */
public interface RoleSource {
    Set<String> rolesInUse();
}
