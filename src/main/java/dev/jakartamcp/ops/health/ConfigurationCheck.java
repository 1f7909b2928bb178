package dev.jakartamcp.ops.health;

import dev.jakartamcp.ops.StartupCheck;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import dev.jakartamcp.ops.OrderedWorker;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: DOWN while the configuration has a problem, each named by its property ({@link StartupCheck#findings()}).
 * The settings are read on a thread of its own from the container's managed thread factory (not the shared executor,
 * where long task work could queue ahead of it), at most {@value #READ_TIMEOUT_SECONDS} s waited
 * for: Payara's cluster config source reads each key from the data grid, so with a member frozen the read waits for
 * the grid, and the whole probe with it (a probe that never answers tells an operator nothing). Then the result of the
 * last read that completed stands, saying so (the configuration did not become wrong because the grid is slow, and
 * DOWN here would take every node of a cluster out of rotation at once when one member freezes), for at most
 * {@link #STANDS_AT_MOST}; with none, or after a read that failed, DOWN.
 * While that read still waits, the next probe does not start another.
 */
@Readiness
@ApplicationScoped
public class ConfigurationCheck implements HealthCheck {
    static final String NAME = "mcp-configuration";
    /** Problems shown at most (the start-up check logs every one at the start, a live setting broken later is logged where it is used). */
    static final int MAX_SHOWN = 10;

    static final long READ_TIMEOUT_SECONDS = 2;
    /** How old the last completed read may be to stand for one that waits: longer than the grid's own timeouts. */
    static final Duration STANDS_AT_MOST = Duration.ofMinutes(5);

    @Inject
    StartupCheck check;

    @Resource
    ManagedThreadFactory threads;

    /** One thread, made when the bean is (on the application's thread, which has its context); none in unit tests: inline. */
    private ExecutorService thread;

    /** Made while the application starts, so that its thread is made on a thread with the application's context. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void start() {
        thread = threads == null ? null : OrderedWorker.oneThread(threads);
    }

    @PreDestroy
    void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    /** The read under way, or the last one. */
    private CompletableFuture<List<String>> reading;
    /** When ({@link System#nanoTime()}) the wait for {@link #reading} ends, for every probe waiting for it. */
    private long readingDeadline;

    /** What the last read that completed found, and when. */
    private record Read(List<String> findings, Instant at) {
    }

    /** The last read that completed, or null. */
    private volatile Read last;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        CompletableFuture<List<String>> read;
        long deadline;
        synchronized (this) {
            if (reading == null || reading.isDone()) {
                readingDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_TIMEOUT_SECONDS);
                try {
                    reading = CompletableFuture.supplyAsync(() -> {
                        try {
                            List<String> found = check.findings();
                            last = new Read(found, Instant.now());
                            return found;
                        } catch (RuntimeException | Error e) {
                            last = null; // a read that failed leaves no result standing
                            throw e;
                        }
                    }, thread == null ? Runnable::run : thread);
                } catch (RejectedExecutionException e) {
                    return response.down().withData("reason", "the application is stopping").build();
                }
            }
            read = reading;
            deadline = readingDeadline;
        }
        List<String> findings;
        try {
            // a read an earlier probe began is waited for until its own timeout, not a whole one again: a config
            // source that hangs (the grid frozen) must not make every probe take 2 s while the last read stands
            findings = read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String waits = "the settings could not be read within " + READ_TIMEOUT_SECONDS
                    + " s (a config source that waits, such as Payara's cluster config source while the data grid does not answer)";
            Read before = last;
            if (before == null || Duration.between(before.at(), Instant.now()).compareTo(STANDS_AT_MOST) > 0) {
                return response.down().withData("reason", waits).build();
            }
            return answer(response.withData("reason", waits + "; the last read, at " + before.at() + ", stands"), before.findings());
        } catch (ExecutionException e) {
            return response.down().withData("reason", "the settings could not be read: " + e.getCause()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("reason", "interrupted while reading the settings").build();
        }
        return answer(response, findings);
    }

    private static HealthCheckResponse answer(HealthCheckResponseBuilder response, List<String> findings) {
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
