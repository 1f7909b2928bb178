package dev.jakartamcp.ops.health;

import dev.jakartamcp.ops.StartupCheck;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: DOWN while the configuration has a problem, each named by its property ({@link StartupCheck#findings()}).
 * The settings are read on a thread of the container's executor, at most {@value #READ_TIMEOUT_SECONDS} s waited
 * for: Payara's cluster config source reads each key from the data grid, so with a member frozen the read waits for
 * the grid, and the whole probe with it (a probe that never answers tells an operator nothing). Then DOWN, saying so;
 * while that read still waits, the next probe does not start another.
 */
@Readiness
@ApplicationScoped
public class ConfigurationCheck implements HealthCheck {
    static final String NAME = "mcp-configuration";
    /** Problems shown at most; the log has every one. */
    static final int MAX_SHOWN = 10;

    static final long READ_TIMEOUT_SECONDS = 2;

    @Inject
    StartupCheck check;

    @Resource
    ManagedExecutorService executor;

    /** The read under way, or the last one. */
    private CompletableFuture<List<String>> reading;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        CompletableFuture<List<String>> read;
        synchronized (this) {
            if (reading == null || reading.isDone()) {
                reading = CompletableFuture.supplyAsync(check::findings, executor == null ? Runnable::run : executor);
            }
            read = reading;
        }
        List<String> findings;
        try {
            findings = read.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return response.down().withData("reason", "the settings could not be read within " + READ_TIMEOUT_SECONDS
                    + " s (a config source that waits, such as Payara's cluster config source while the data grid does not answer)").build();
        } catch (ExecutionException e) {
            return response.down().withData("reason", "the settings could not be read: " + e.getCause()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("reason", "interrupted while reading the settings").build();
        }
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
