package dev.jakartamcp.cluster;

import dev.jakartamcp.limits.RateCounter;
import dev.jakartamcp.limits.RateLimiter;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.NoticeDelivery;
import dev.jakartamcp.protocol.OneManagedThread;
import dev.jakartamcp.protocol.SharedSecrets;
import dev.jakartamcp.session.InMemorySessionStore;
import dev.jakartamcp.session.SessionEnded;
import dev.jakartamcp.session.SessionStore;
import dev.jakartamcp.tasks.InMemoryTaskStore;
import dev.jakartamcp.tasks.TaskStore;
import dev.jakartamcp.transport.LiveSessions;
import dev.jakartamcp.transport.LocalStreamCounts;
import dev.jakartamcp.transport.SessionRelay;
import dev.jakartamcp.transport.StreamCounts;
import dev.jakartamcp.transport.StreamLog;
import dev.jakartamcp.transport.UrlElicitationCompletions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One server or a cluster. With {@code mcp.cluster.enabled=false} (the default) sessions, rate counters, stream
 * counts and request-state secrets live in this server's memory and nothing talks to a data grid. With {@code true}
 * they live in the application server's data grid (JCache), so that any node answers any request: a session created
 * on one node is used on another, a stream is resumed on another node, a change on one node reaches the streams of
 * all, and limits count cluster-wide. What the rest of the server uses is produced here, so no other class knows
 * which of the two it runs on.
 */
@ApplicationScoped
public class Cluster {
    static final String GRID_CLASS = "dev.jakartamcp.cluster.grid.JCacheGrid";
    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());

    @Inject
    McpSettings settings;

    @Inject
    InMemorySessionStore localSessions;

    @Inject
    InMemoryTaskStore localTasks;

    @Inject
    Event<SessionEnded> sessionEnded;

    @Inject
    NoticeDelivery delivery;

    @Inject
    LiveSessions lives;

    @Inject
    UrlElicitationCompletions urlElicitations;

    @Resource
    ManagedThreadFactory threads;

    private Grid grid;
    private final StreamCounts localStreamCounts = new LocalStreamCounts();
    /** The thread the grid counts sessions and tasks on (a count waits for every member), or null. */
    private ExecutorService counting;
    /** The thread the grid work its events ask for runs on ({@link GridContext#gridEvents}), or null. */
    private ExecutorService gridEvents;
    /** Grid events waiting at most on this node: beyond, the other nodes (or the tasks' periodic reread) handle them. */
    static final int MAX_WAITING_GRID_EVENTS = 10_000;

    @PostConstruct
    void start() {
        if (!settings.clusterEnabled()) {
            return;
        }
        if (threads != null) {
            counting = OneManagedThread.startNow(threads);
            gridEvents = OneManagedThread.startNow(threads, MAX_WAITING_GRID_EVENTS);
        }
        try {
            grid = (Grid) Class.forName(GRID_CLASS).getConstructor(GridContext.class)
                    .newInstance(new GridContext(settings, this::received, sessionEnded::fire, counting == null ? Runnable::run : counting,
                            gridEvents == null ? Runnable::run : gridEvents));
        } catch (ReflectiveOperationException | LinkageError e) {
            if (counting != null) {
                counting.shutdownNow();
                gridEvents.shutdownNow();
            }
            Throwable why = e instanceof java.lang.reflect.InvocationTargetException thrown && thrown.getCause() != null ? thrown.getCause() : e;
            throw new IllegalStateException("mcp.cluster.enabled=true, but the data grid cannot be reached: " + why
                    + ". On Payara it is the server's own (do not start Payara Micro with --nohazelcast); on Open Liberty"
                    + " add Hazelcast and the JCache API as a shared library and start it as a member, -Dhazelcast.jcache.provider.type=member"
                    + " in jvm.options (server-config/liberty/README.md).", e);
        }
        LOG.info("Cluster mode: sessions, streams, limits and request-state secrets are shared through the data grid as member "
                + grid.localMember());
    }

    /** Joins the grid when the application starts (Liberty's JCache provider starts its member only when first asked). */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        enabled();
    }

    @PreDestroy
    void stop() {
        if (grid != null) {
            grid.close();
        }
        if (counting != null) {
            counting.shutdownNow();
            gridEvents.shutdownNow();
        }
    }

    public boolean enabled() {
        return grid != null;
    }

    /** With the cluster on, how many members the grid answers a read of within {@code timeout} ({@link Grid#reach}). */
    public GridReach gridReach(java.time.Duration timeout) {
        return grid == null ? GridReach.ALONE : grid.reach(timeout);
    }

    @Produces
    @ApplicationScoped
    SessionStore sessionStore() {
        return grid == null ? localSessions : grid.sessions();
    }

    @Produces
    @ApplicationScoped
    TaskStore tasks() {
        return grid == null ? localTasks : grid.tasks();
    }

    @Produces
    @ApplicationScoped
    RateCounter.Factory rateCounters() {
        return (name, maxKeys) -> grid == null ? new RateLimiter(maxKeys) : grid.rateCounter(name);
    }

    @Produces
    @ApplicationScoped
    SharedSecrets sharedSecrets() {
        return name -> grid == null ? Optional.empty() : grid.secret(name);
    }

    @Produces
    @ApplicationScoped
    StreamLog streamLog() {
        return grid == null ? StreamLog.NONE : grid.streamLog();
    }

    @Produces
    @ApplicationScoped
    StreamCounts streamCounts() {
        return grid == null ? localStreamCounts : grid.streamCounts();
    }

    @Produces
    @ApplicationScoped
    SessionRelay sessionRelay() {
        if (grid == null) {
            return SessionRelay.NONE;
        }
        return new SessionRelay() {
            @Override
            public String node() {
                return grid.localMember();
            }

            @Override
            public void answer(String node, String sessionId, String requestId, JsonObject message) {
                if (node.isEmpty()) {
                    // asked by a node of an older version (its ids name no node), during a rolling upgrade
                    grid.publish(ClusterMessage.answer(sessionId, requestId, message));
                    return;
                }
                grid.send(node, ClusterMessage.answer(sessionId, requestId, message));
            }

            @Override
            public void cancel(String sessionId, String requestId) {
                grid.publish(ClusterMessage.cancel(sessionId, requestId));
            }

            @Override
            public void elicitationCompleted(String elicitationId) {
                grid.publish(ClusterMessage.elicitationCompleted(elicitationId));
            }
        };
    }

    /** A registry changed: every node's clients hear about it (on a single server, this one's). */
    void onChange(@Observes ChangeNotice notice) {
        if (grid == null) {
            delivery.deliver(notice);
        } else {
            grid.publish(ClusterMessage.notice(notice));
        }
    }

    /** A message from a node (this one included): done here for the clients connected here. */
    void received(ClusterMessage message) {
        try {
            switch (message.type()) {
                case NOTICE -> delivery.deliver(message.changeNotice());
                case SESSION_ENDED -> sessionEnded.fire(SessionEnded.elsewhere(message.sessionId()));
                case ANSWER -> lives.answer(message.sessionId(), message.requestId(), message.payloadObject());
                case CANCEL -> lives.cancel(message.sessionId(), message.requestId());
                case ELICITATION_COMPLETED -> urlElicitations.completeHere(message.requestId());
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A cluster message could not be handled: " + message.type(), e);
        }
    }
}
