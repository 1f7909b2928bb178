package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The graceful drain of the MCP endpoint when the application stops (undeploy, server shutdown): from the first sign
 * of it, the servlet's {@code destroy()} or the context's end, whichever comes first, new requests get 503
 * ({@link Drain#draining()}); long-lived streams end at once with a last event, so that clients go to another
 * instance (a 2025 GET stream: an event with an id and {@code retry}; a {@code subscriptions/listen}: its
 * graceful-closure result); requests already running, tool calls above all, get until {@code mcp.drain.grace} after
 * that first sign to finish. Both callers wait: the container may destroy the servlet on a request thread while its
 * own thread goes on to end the context, and only a wait there keeps the application (its class loader, its beans)
 * alive for the running requests.
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

    private volatile long deadline;
    private final AtomicBoolean reported = new AtomicBoolean();

    /** Begins the drain unless it has begun, then waits until no request runs or the grace has passed. */
    void stop() {
        if (drain.begin()) {
            Duration grace = grace();
            deadline = System.nanoTime() + grace.toNanos();
            LOG.info("MCP endpoint stopping: new requests get 503, streams end; waiting up to " + grace + " for "
                    + drain.running() + " running request(s)");
            subscriptions.closeAll();
            lives.endStreamsForShutdown(timers.retryMillis());
        }
        int left = drain.awaitRunning(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (left > 0 && reported.compareAndSet(false, true)) {
            LOG.warning(left + " MCP request(s) still running after mcp.drain.grace; the application stops anyway");
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
     * The application's context: at its start the WAR's own classes are loaded (not initialized), because Payara
     * Micro, stopping on SIGTERM, closes the application's class loader while the servlet's {@code destroy()} still
     * waits for the running requests: a class they need from then on (the tool result's, the audit record's) would
     * fail to load and the call end in a 500. At its end the container's own thread waits here for the running
     * requests.
     */
    @WebListener
    public static class OnContextEnd implements ServletContextListener {
        private static final String CLASSES = "/WEB-INF/classes/";

        @Inject
        EndpointDrain drainer;

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();
            long started = System.nanoTime();
            int loaded = load(context, context.getClassLoader(), CLASSES);
            LOG.fine(() -> loaded + " classes loaded for the drain in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }

        private static int load(ServletContext context, ClassLoader loader, String dir) {
            Set<String> paths = context.getResourcePaths(dir);
            if (paths == null) {
                return 0;
            }
            int loaded = 0;
            for (String path : paths) {
                if (path.endsWith("/")) {
                    loaded += load(context, loader, path);
                } else if (path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class")) {
                    String name = path.substring(CLASSES.length(), path.length() - ".class".length()).replace('/', '.');
                    try {
                        Class.forName(name, false, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError e) {
                        LOG.finer(() -> name + " not loaded: " + e);
                    }
                }
            }
            return loaded;
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            drainer.stop();
        }
    }
}
