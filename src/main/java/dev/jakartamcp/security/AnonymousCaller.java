package dev.jakartamcp.security;

import java.security.Principal;

/** The container's caller for requests to the MCP endpoint while authorization is off: no token, no groups. */
record AnonymousCaller(String getName) implements Principal {
    static final AnonymousCaller INSTANCE = new AnonymousCaller("anonymous");
}
