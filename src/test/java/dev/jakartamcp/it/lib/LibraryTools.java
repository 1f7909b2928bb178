package dev.jakartamcp.it.lib;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Shipped in a separate tool JAR in WEB-INF/lib (a bean archive), not in the WAR's classes. */
@ApplicationScoped
public class LibraryTools {
    @Tool(name = "library_echo", description = "Echoes a message; lives in a tool JAR")
    public String echo(@Arg(description = "What to echo") String message) {
        return "library says: " + message;
    }
}
