package dev.jakartamcp.ops;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * What the startup check found wrong with the configuration without stopping the deployment: properties under
 * {@code mcp.} and {@code mp.jwt.}, and environment variables, that name no setting (likely typos, e.g.
 * {@code mcp.sesion.timeout}, {@code MCP_SESION_TIMEOUT}), overrides of items that are not deployed, and values of the
 * environment or system properties that a source asked first overrides. Each was logged once as a warning; readiness
 * reports them until the application restarts with a fixed configuration. Malformed values and missing required
 * settings stop the deployment instead.
 */
@ApplicationScoped
public class ConfigurationReport {
    /** One problem, naming the property. */
    public record Finding(String property, String problem) {
        static final String NOT_DEPLOYED = "no ";
        /** A value of the environment or a system property that a source asked first overrides ({@link ShadowedValues}). */
        static final String SHADOWED = "ignored: ";

        public String message() {
            return property + ": " + problem;
        }

        /**
         * An override of an item that is not deployed now. Items registered while the server runs may still come,
         * so it is a warning and an operations API finding, but not a reason for readiness to be DOWN.
         */
        public boolean aboutMissingItem() {
            return problem.startsWith(NOT_DEPLOYED);
        }

        /**
         * Whether readiness is DOWN while it lasts: an unknown property under {@code mcp.} or {@code mp.jwt.} is. An
         * environment variable under {@code MCP_}, {@code mcp_}, {@code MP_JWT_} or {@code mp_jwt_} is only a warning
         * and a finding: other MCP software shares that prefix (MCP Inspector's {@code MCP_STORAGE_DIR}, clients'
         * {@code MCP_TIMEOUT}), and one of theirs in a server's environment must not take the server out of service.
         */
        public boolean keepsReadinessDown() {
            return !aboutMissingItem() && !shadowed() && !PropertyNames.isEnvironmentVariable(property);
        }

        /**
         * A value set in the environment or as a system property that another source overrides: a warning and a
         * finding, but the value in force is a valid one, so readiness stays UP.
         */
        public boolean shadowed() {
            return problem.startsWith(SHADOWED);
        }
    }

    private volatile List<Finding> findings = List.of();

    public void record(List<Finding> found) {
        findings = List.copyOf(found);
    }

    public List<Finding> findings() {
        return findings;
    }

    /** True when the startup check found nothing to report. */
    public boolean clean() {
        return findings.isEmpty();
    }
}
