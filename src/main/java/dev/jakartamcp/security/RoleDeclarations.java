package dev.jakartamcp.security;

import dev.jakartamcp.protocol.RoleSource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Declares, while the web module starts, every permission the tools, prompts and resources require as a role of the
 * web module, so that {@code HttpServletRequest.isUserInRole} and JAX-RS {@code isUserInRole} answer true for a
 * caller whose token grants it, and the operations API's role {@link OperationsRole#NAME}. Payara honours this; Open Liberty counts the roles its annotations declare anyway.
 * Roles known only later (registered at run time, operator overrides) are not container roles: check those with
 * the caller's {@code JsonWebToken.getGroups()}, and declare roles your own code checks with {@code @DeclareRoles}.
 */
@WebListener
public class RoleDeclarations implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(RoleDeclarations.class.getName());

    @Inject
    @Any
    Instance<RoleSource> sources;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Set<String> roles = new TreeSet<>();
        sources.forEach(s -> roles.addAll(s.rolesInUse()));
        roles.removeIf(String::isBlank);
        roles.add(OperationsRole.NAME);
        try {
            event.getServletContext().declareRoles(roles.toArray(String[]::new));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the container did not take the role declarations " + roles, e);
        }
    }
}
