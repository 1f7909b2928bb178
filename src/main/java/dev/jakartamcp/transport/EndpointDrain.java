package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The graceful drain of the MCP endpoint when the application stops (undeploy, server shutdown): from the first sign
 * of it, the MCP servlet's {@code destroy()} or the context's end, whichever comes first, new requests get 503
 * ({@link Drain#draining()}), and requests already running, tool calls above all, get until {@code mcp.drain.grace}
 * after that first sign to finish. Long-lived streams end with a last event when the waiting begins, so that clients go
 * to another instance (a 2025 GET stream: an event with an id and {@code retry}; a {@code subscriptions/listen}: its
 * graceful-closure result). The container's own thread waits for them, in {@link AwaitOnStop}'s {@code destroy()}
 * and at the context's end: only a wait there keeps the application (its class loader, its beans) alive for the
 * running requests.
 */
@ApplicationScoped
public class EndpointDrain {
    private static final Logger LOG = Logger.getLogger(EndpointDrain.class.getName());

    @Inject
    Drain drain;

    @Inject
    McpSettings settings;

    @Inject
    Subscriptions subscriptions;

    @Inject
    LiveSessions lives;

    @Inject
    StreamTimers timers;

    @Resource
    ManagedExecutorService executor;

    private volatile long deadline;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicBoolean streamsEnded = new AtomicBoolean();
    private final AtomicBoolean over = new AtomicBoolean();

    @Inject
    Event<Drain.Over> drainOver;
    private volatile ClassPreload preload;
    private volatile boolean preloadDue = true;

    /** The answer to a request that comes while the server drains: 503 with {@code Retry-After} and -31503. */
    static McpException shuttingDown() {
        return McpException.overCapacity(ErrorCode.OVER_CAPACITY,
                "Service Unavailable: the server is shutting down; retry, or use another instance", Duration.ofSeconds(5));
    }

    /** The MCP servlet's {@link McpServlet#takeWhileUnavailable}, once it started. */
    private volatile java.util.function.BiPredicate<HttpServletRequest, HttpServletResponse> endpoint = (request, response) -> false;

    void endpoint(java.util.function.BiPredicate<HttpServletRequest, HttpServletResponse> taking) {
        endpoint = taking;
    }

    /** See {@link McpServlet#takeWhileUnavailable}: for the error page, given a 503 of the container for the endpoint. */
    boolean takeWhileUnavailable(HttpServletRequest request, HttpServletResponse response) {
        return endpoint.test(request, response);
    }

    void classesOf(ServletContext context) {
        preload = new ClassPreload(context);
    }

    /**
     * A request was answered: the first one starts the load of the WAR's classes on a pool thread (see
     * {@link OnContextEnd}), so that neither the start nor the first answer waits for classes only a drain needs.
     */
    void answered() {
        if (preloadDue) {
            preloadDue = false;
            ClassPreload classes = preload;
            if (classes != null) {
                try {
                    executor.execute(classes::run);
                } catch (RejectedExecutionException e) {
                    LOG.fine(() -> "classes not loaded ahead of a drain: " + e);
                }
            }
        }
    }

    /**
     * Begins the drain unless it has begun, ends the long-lived streams (once), then waits until no request runs or
     * the grace has passed. On the container's own thread only: {@link AwaitOnStop} and the context's end.
     */
    void stop() {
        ClassPreload classes = preload;
        if (classes != null) {
            // no request answered yet, or the pool's load still runs: the classes are loaded before anything stops
            classes.runOrAwait();
        }
        long until = begin();
        if (streamsEnded.compareAndSet(false, true)) {
            LOG.info("MCP endpoint stopping: new requests get 503, streams end; waiting up to "
                    + Duration.ofMillis(Math.max(0, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))) + " for "
                    + drain.running() + " running request(s)");
            subscriptions.closeAll();
            lives.endStreamsForShutdown(timers.retryMillis());
        }
        int left = drain.awaitRunning(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
        if (left > 0 && reported.compareAndSet(false, true)) {
            LOG.warning(left + " MCP request(s) still running after mcp.drain.grace; the application stops anyway");
        }
        if (over.compareAndSet(false, true)) {
            try {
                drainOver.fire(new Drain.Over(left));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "What follows the drain failed; the application stops anyway", e);
            }
        }
        if (classes != null) {
            classes.stop(); // drained: a load that outlasted the wait asks for no further class
        }
    }

    /**
     * Begins the drain unless it has begun: new requests get 503 from now on; returns at once, with the time its
     * grace ends. The MCP servlet's {@code destroy()} comes here and no further: Payara may call it on the thread of a
     * request that was in the servlet when the stop began (it unloads a servlet marked unavailable after the request
     * that held it), and anything done there (a wait, a class load, the streams' last events and their writes to the
     * data grid) holds that request's answer. The rest is {@link #stop()}'s.
     */
    synchronized long begin() {
        // the servlets' destroy() and the context's end may both come here: the one that does not begin the drain
        // gets the deadline the other set, not nothing
        if (drain.begin()) {
            deadline = System.nanoTime() + grace().toNanos();
        }
        return deadline;
    }

    /** The application is gone: a load still running stops, and one handed to the pool does not start. */
    @PreDestroy
    void destroyed() {
        ClassPreload classes = preload;
        if (classes != null) {
            classes.stop();
        }
    }

    private Duration grace() {
        try {
            return settings.drainGrace();
        } catch (IllegalStateException e) {
            LOG.warning(e.getMessage() + "; draining for PT30S");
            return Duration.ofSeconds(30);
        }
    }

    /**
     * The application's context: at its start it names the WAR's own classes for a load (not initialization) before
     * any drain, because Payara Micro, stopping on SIGTERM, closes the application's class loader while the drain
     * still waits for the running requests: a class they need from then on (the tool result's, the audit record's)
     * would fail to load and the call end in a 500. The load runs on a pool thread once the first request is answered
     * ({@link #answered()}), or, when the drain comes first, before it waits ({@link #stop()}). At its end the
     * container's own thread waits here for the running requests, if {@link AwaitOnStop} did not.
     */
    @WebListener
    public static class OnContextEnd implements ServletContextListener {
        @Inject
        EndpointDrain drainer;

        @Override
        public void contextInitialized(ServletContextEvent event) {
            drainer.classesOf(event.getServletContext());
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            drainer.stop();
        }
    }

    /**
     * The servlet whose stop waits for the drain: it serves no path, so the container always stops it on its own
     * thread, never on a request's, and {@link StopOrder} adds it after every other servlet but the error page's, which
     * Payara stops after it: while it waits, the 503s of new requests still go to the error page and are JSON.
     */
    public static class AwaitOnStop extends HttpServlet {
        @Inject
        EndpointDrain drainer;

        @Override
        public void destroy() {
            drainer.stop();
            super.destroy();
        }
    }

    /**
     * Loads (does not initialize) every class under {@code WEB-INF/classes}, once; later callers wait for it. It stops,
     * quietly, when told ({@link #stop()}: the application is drained or destroyed) and at the first class that is
     * not found: the application's files are gone (Open Liberty removes them before it stops an application it
     * undeploys), and the server would log every further class it cannot read ({@code CWWKL0002E}).
     */
    static final class ClassPreload {
        private static final String CLASSES = "/WEB-INF/classes/";
        private static final long AWAIT_SECONDS = 30;

        private final ServletContext context;
        private final ClassLoader loader;
        private final AtomicBoolean started = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean stopped;

        ClassPreload(ServletContext context) {
            this.context = context;
            this.loader = context.getClassLoader();
        }

        void run() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            try {
                if (stopped) {
                    return;
                }
                long begun = System.nanoTime();
                int loaded = load(CLASSES);
                LOG.fine(() -> loaded + " classes loaded for a drain in " + (System.nanoTime() - begun) / 1_000_000 + " ms");
            } finally {
                done.countDown();
            }
        }

        /** No further class is asked for; a load not begun does not begin. */
        void stop() {
            stopped = true;
        }

        void runOrAwait() {
            run();
            try {
                if (!done.await(AWAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warning("the WAR's classes were not loaded within " + AWAIT_SECONDS + " s; the drain goes on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private int load(String dir) {
            Set<String> paths = context.getResourcePaths(dir);
            if (paths == null) {
                return 0;
            }
            int loaded = 0;
            for (String path : paths) {
                if (stopped) {
                    break;
                }
                if (path.endsWith("/")) {
                    loaded += load(path);
                } else if (path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class")) {
                    String name = path.substring(CLASSES.length(), path.length() - ".class".length()).replace('/', '.');
                    try {
                        Class.forName(name, false, loader);
                        loaded++;
                    } catch (ClassNotFoundException e) {
                        stopped = true;
                        LOG.fine(() -> "the WAR's classes are gone (" + name + "); no further class is loaded for a drain");
                    } catch (LinkageError e) {
                        LOG.finer(() -> name + " not loaded: " + e); // present, but a class it needs is not
                    }
                }
            }
            return loaded;
        }
    }
}
