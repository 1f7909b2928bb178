package dev.jakartamcp.bench.bare;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The bare WAR's JAX-RS application at the context root: {@link BareResource} answers at {@code /mcp}. */
@ApplicationPath("/")
public class BareApplication extends Application {
}
