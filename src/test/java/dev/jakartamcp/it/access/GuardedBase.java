package dev.jakartamcp.it.access;

import dev.jakartamcp.api.Tool;
import jakarta.annotation.security.RolesAllowed;

/**
 * A superclass whose class-level {@code @RolesAllowed} applies to the methods it declares, including when a subclass
 * bean inherits them, but not to methods the subclass declares or overrides (Jakarta EE's rule).
 */
@RolesAllowed("base:role")
public abstract class GuardedBase {

    @Tool(name = "inherited", description = "Declared by the superclass: base:role")
    public String inherited() {
        return "inherited";
    }

    @Tool(name = "overridden", description = "Overridden without annotations by the subclass: the subclass's class:role")
    public String overridden() {
        return "base";
    }
}
