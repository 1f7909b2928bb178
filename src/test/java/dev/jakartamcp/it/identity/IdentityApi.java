package dev.jakartamcp.it.identity;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Test fixture: a JAX-RS application in the same WAR as the MCP endpoint. */
@ApplicationPath("/api")
public class IdentityApi extends Application {
}
