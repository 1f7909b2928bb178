package dev.jakartamcp.ops;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * What the startup check found wrong with the configuration without stopping the deployment: properties under
 * {@code mcp.} that name no setting (likely typos, e.g. {@code mcp.sesion.timeout}) and overrides of items that are
 * not deployed. Each was logged once as a warning; readiness reports them until the application restarts with a
 * fixed configuration. Malformed values and missing required settings stop the deployment instead.
 */
@ApplicationScoped
public class ConfigurationReport {
    /** One problem, naming the property. */
    public record Finding(String property, String problem) {
        public String message() {
            return property + ": " + problem;
        }
    }

    private volatile List<Finding> findings = List.of();

    void record(List<Finding> found) {
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
