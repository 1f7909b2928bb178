package dev.jakartamcp.transport;

import dev.jakartamcp.ops.OrderedWorker;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.NoticeDelivery;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers change notices to the streams of this server: legacy sessions' GET streams and modern subscriptions. Only
 * sessions with a stream here are visited; on a cluster, every node delivers to its own streams.
 *
 * <p>{@link #deliver} returns at once: the fan-out runs on a thread of the container's managed thread factory (its
 * own, so that it never waits behind tool calls on a shared pool), one notice after the other (so every stream gets them in order), each in one pass over the streams. Writing to a stream never blocks
 * ({@link HttpSink#nonBlocking}), so a client that stops reading holds up neither the fan-out nor the other streams.
 */
@ApplicationScoped
public class NotificationRouter implements NoticeDelivery {
    private static final Logger LOG = Logger.getLogger(NotificationRouter.class.getName());
    @Inject
    SessionStore sessions;

    @Inject
    LiveSessions lives;

    @Inject
    Subscriptions subscriptions;

    @Inject
    McpSettings settings;

    @Inject
    StreamTimers timers;

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService thread;
    private OrderedWorker<ChangeNotice> fanOut;

    /** Made while the application starts: made first on a data grid listener thread, it would get no resources injected. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void start() {
        thread = OrderedWorker.oneThread(threads);
        fanOut = new OrderedWorker<>("notification fan-out", thread, settings::notificationsMaxBacklog, this::fanOut);
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    @Override
    public void deliver(ChangeNotice notice) {
        fanOut.submit(notice);
    }

    void fanOut(ChangeNotice notice) {
        JsonObject legacyParams = notice.uri() == null ? null : JsonFactory.createObjectBuilder().add("uri", notice.uri()).build();
        JsonObject message = JsonRpc.notification(notice.notificationMethod(), legacyParams);
        subscriptions.deliver(notice); // 2026-07-28 listeners: first, as they need no grid
        boolean gridAnswers = !timers.gridPaused();
        for (LiveSession local : lives.withStream()) {
            EventStream stream = local.standalone();
            if (stream == null || stream.isFinished()) {
                continue;
            }
            if (notice.kind() == ChangeNotice.Kind.RESOURCE_UPDATED) {
                if (!gridAnswers) {
                    continue;
                }
                Optional<McpSession> session;
                try {
                    session = sessions.peek(local.id()); // with the cluster on, a grid read
                } catch (RuntimeException e) {
                    // the grid did not answer: the sessions after this one are not asked either, so that one notice
                    // does not wait out the bound once per session, nor do the notices of the next seconds (with the
                    // node's stream timers), so that a burst of updates does not wait out the bound once per notice
                    gridAnswers = false;
                    timers.gridDidNotAnswer();
                    LOG.log(Level.FINE, "The subscriptions of session " + local.id() + " could not be read (the data grid did not answer);"
                            + " the sessions whose subscriptions were not read yet do not hear of this update", e);
                    continue;
                }
                if (session.isEmpty() || !session.get().isSubscribed(notice.uri()) || !subscriptions.mayWatch(local.standaloneCaller(), notice.uri())) {
                    continue;
                }
            }
            stream.sendChange(message); // also while disconnected: the client resumes with Last-Event-ID
        }
    }
}
