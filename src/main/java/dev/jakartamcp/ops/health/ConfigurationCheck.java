package dev.jakartamcp.ops.health;

import dev.jakartamcp.ops.StartupCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/** Readiness: DOWN while the configuration has a problem, each named by its property ({@link StartupCheck#findings()}). */
@Readiness
@ApplicationScoped
public class ConfigurationCheck implements HealthCheck {
    static final String NAME = "mcp-configuration";
    /** Problems shown at most; the log has every one. */
    static final int MAX_SHOWN = 10;

    @Inject
    StartupCheck check;

    @Override
    public HealthCheckResponse call() {
        List<String> findings = check.findings();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (findings.isEmpty()) {
            return response.up().build();
        }
        response.down().withData("problems", String.valueOf(findings.size()));
        for (int i = 0; i < Math.min(MAX_SHOWN, findings.size()); i++) {
            response.withData("problem" + (i + 1), findings.get(i));
        }
        return response.build();
    }
}
