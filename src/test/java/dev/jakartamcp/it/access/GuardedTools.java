package dev.jakartamcp.it.access;

import dev.jakartamcp.api.Tool;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** Test fixture of AccessSemanticsIT: every combination of Jakarta EE security annotations on tools. */
@ApplicationScoped
@RolesAllowed("class:role")
public class GuardedTools extends GuardedBase {

    @Tool(name = "class_level", description = "No annotation of its own: the class's class:role")
    public String classLevel() {
        return "class_level";
    }

    @Tool(name = "permit_all", description = "@PermitAll over the class's @RolesAllowed")
    @PermitAll
    public String permitAll() {
        return "permit_all";
    }

    @Tool(name = "deny_all", description = "@DenyAll: nobody")
    @DenyAll
    public String denyAll() {
        return "deny_all";
    }

    @Tool(name = "empty_roles", description = "@RolesAllowed({}): nobody, as in Jakarta EE")
    @RolesAllowed({})
    public String emptyRoles() {
        return "empty_roles";
    }

    @Tool(name = "method_over_class", description = "method:role replaces the class's class:role")
    @RolesAllowed("method:role")
    public String methodOverClass() {
        return "method_over_class";
    }

    @Override
    public String overridden() {
        return "overridden";
    }

    @Tool(name = "limited_tool", description = "Rate limited by the deployment's mcp.tools.limited_tool.rate-limit")
    @PermitAll
    public String limited() {
        return "limited";
    }

    @Tool(name = "spaced_role", description = "A Jakarta role name that is no OAuth scope token")
    @RolesAllowed("Channel Reader")
    public String spacedRole() {
        return "spaced_role";
    }
}
