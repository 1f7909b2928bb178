package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.AuditTrail;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the author code of a request runs: {@code tools/call}, {@code prompts/get}, {@code resources/read} and
 * {@code completion/complete} (every request that reaches an author's method through the {@link FeaturePipeline})
 * run on the {@link ExecutionPool}, so that the container's HTTP thread is free to go back to its pool (it waits only
 * briefly, to write a quick answer itself: {@code transport.CallExecution}) and a call waiting for the client's answer
 * holds no container thread. Everything else (initialize, lists, ping, logging,
 * notifications, responses) is short, runs no author code and stays on the HTTP thread: a hand-off would cost more
 * than it spares.
 *
 * <p>The pool's threads come from the container's {@link ManagedThreadFactory}, not from the HTTP pool or a managed
 * executor (on Liberty those share the one server thread pool with HTTP); each call runs in the context of its
 * request, captured by the {@link ContextService} (security, naming, class loader).
 */
@ApplicationScoped
public class AuthorExecution {
    /** The methods whose requests run author code; decided here, once, for every feature. */
    static final Set<String> AUTHOR_CODE = Set.of("tools/call", "prompts/get", "resources/read", "completion/complete");

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** The reason a refused call is recorded with (the limit it hit): {@code mcp.server.rate_limited{limit="executions"}}. */
    private static final String REFUSAL_REASON = "executions";
    /** The reason of a call refused while the audit trail is stalled: {@code mcp.server.over_capacity{limit="audit"}}. */
    static final String AUDIT_STALLED = "audit";
    private static final Duration AUDIT_RETRY_AFTER = Duration.ofSeconds(5);

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ContextService contexts;

    @Inject
    McpSettings settings;

    @Inject
    Observations observations;

    @Inject
    AuditTrail audit;

    private ExecutionPool pool;

    /** Made while the application starts: made first on a data grid listener thread, it would get no resources injected. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void start() {
        pool = new ExecutionPool(threads);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** Whether requests of {@code method} run author code, and so run on the pool. */
    public boolean runsAuthorCode(String method) {
        return AUTHOR_CODE.contains(method);
    }

    /**
     * Runs {@code work} of {@code caller} ({@link Caller#quotaKey()}) on the pool in the context of the calling thread
     * (captured now, once the call is admitted). Throws {@link McpException} (429, -31429, Retry-After) when the caller
     * runs {@code mcp.execution.max-concurrent-per-caller} calls already (audited as RATE_LIMITED), and (503, -31503,
     * Retry-After) when {@code mcp.execution.max-concurrent} calls run already (audited as UNAVAILABLE), either refusal
     * recorded as {@code method} with reason {@code executions}; (503, -31503, Retry-After, reason {@code audit}) while
     * the audit trail is stalled ({@link AuditTrail#stalled()}); and what the container's thread factory throws when it
     * gives no thread; in each case {@code work} does not run. When the context cannot be set up on the pool's thread
     * (Payara while it disables the application), {@code work} does not run either and {@code notStarted} gets the
     * failure there, outside the request's context. A refusal is audited under {@code traceId}, the request's own record's
     * (a new one when null), asked only then: it is no work of a call that runs.
     */
    public void submit(Caller caller, String method, Supplier<String> traceId, Runnable work, Consumer<Throwable> notStarted) {
        if (audit.stalled()) {
            // fail closed: what author code did could not be recorded
            observations.refusedInTrace(caller, method, AuditRecord.Outcome.UNAVAILABLE, AUDIT_STALLED, traceId.get());
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the audit trail has written"
                    + " nothing for mcp.audit.stall-timeout while its backlog is full; no call runs until it writes again",
                    AUDIT_RETRY_AFTER);
        }
        int max = settings.maxConcurrentExecutions();
        int callerMax = settings.maxConcurrentExecutionsPerCaller();
        switch (pool.offer(() -> capture(work, notStarted), max, caller.quotaKey(), callerMax)) {
            case STARTED -> { }
            case CALLER_FULL -> {
                observations.refusedInTrace(caller, method, AuditRecord.Outcome.RATE_LIMITED, REFUSAL_REASON, traceId.get());
                throw McpException.rateLimited("Too Many Requests: a caller runs at most " + callerMax
                        + " calls at once (mcp.execution.max-concurrent-per-caller); try again when one has ended", RETRY_AFTER);
            }
            case SERVER_FULL -> {
                observations.refusedInTrace(caller, method, AuditRecord.Outcome.UNAVAILABLE, REFUSAL_REASON, traceId.get());
                throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the server runs its maximum of "
                        + max + " calls at once (mcp.execution.max-concurrent); try again later", RETRY_AFTER);
            }
        }
    }

    /**
     * The request's context around {@code work}. Payara's {@code ContextService} looks up
     * {@code ThreadContextProvider} services with a {@code ServiceLoader} on the thread's context class loader at every
     * capture: a scan of every JAR of the application, which took most of a call's time under load (HTTP threads queued
     * on the JAR files' locks). The capture therefore runs with a context class loader that has no resources, and the
     * work gets the application's class loader back from here on its thread. What is lost: third-party thread context
     * providers in the application's own JARs (the standard contexts — security, naming, class loader — are the
     * container's and unaffected).
     */
    private Runnable capture(Runnable work, Consumer<Throwable> notStarted) {
        Thread thread = Thread.currentThread();
        ClassLoader application = thread.getContextClassLoader();
        AtomicBoolean started = new AtomicBoolean();
        Runnable withLoader = () -> {
            started.set(true);
            Thread executing = Thread.currentThread();
            ClassLoader before = executing.getContextClassLoader();
            executing.setContextClassLoader(application);
            try {
                work.run();
            } finally {
                executing.setContextClassLoader(before);
            }
        };
        thread.setContextClassLoader(NO_RESOURCES);
        Runnable contextual;
        try {
            contextual = contexts.createContextualProxy(withLoader, Runnable.class);
        } finally {
            thread.setContextClassLoader(application);
        }
        return () -> {
            try {
                contextual.run();
            } catch (RuntimeException | Error e) {
                if (started.get()) {
                    throw e;
                }
                notStarted.accept(e);
            }
        };
    }

    /** A class loader that finds nothing of its own (its parent is the bootstrap loader). */
    private static final ClassLoader NO_RESOURCES = new ClassLoader("mcp-context-capture", null) {
    };

    /** Calls running now. */
    public int running() {
        return pool.running();
    }

    /** Calls refused since the start because their caller ran {@code mcp.execution.max-concurrent-per-caller} already. */
    public long refusedPerCaller() {
        return pool.refusedPerCaller();
    }

    /** Calls refused since the start because {@code mcp.execution.max-concurrent} calls ran already. */
    public long refusedOnServer() {
        return pool.refusedOnServer();
    }
}
