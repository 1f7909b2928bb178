package dev.jakartamcp.transport;

import dev.jakartamcp.session.SessionEnded;
import dev.jakartamcp.session.SessionStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory side of legacy sessions on this server, dropped when a session ends. */
@ApplicationScoped
public class LiveSessions {
    private final Map<String, LiveSession> live = new ConcurrentHashMap<>();
    /** The sessions that opened a GET stream here: the ones change notices visit. */
    private final Set<LiveSession> withStream = ConcurrentHashMap.newKeySet();
    /** The streams of other nodes (cluster) this server follows for its clients, until their responses end. */
    private final Set<StreamFollower> followers = ConcurrentHashMap.newKeySet();
    /** The {@code retry} of the drain's last events once it ended this server's streams; -1 before. */
    private volatile long endedForShutdown = -1;
    /** The writes of this node's streams to the cluster's stream log leave the grid alone a while after one timed out. */
    private final GridPause logPause = new GridPause();
    /** The ends of this node's streams the stream log did not take meanwhile, written once the grid answers. */
    private final LateStreamEnds lateEnds = new LateStreamEnds();

    @Inject
    StreamLog log;

    @Inject
    SessionStore sessions;

    @Inject
    StreamTimers timers;

    /** Names this node in the ids of the questions its sessions ask (a cluster), so that answers find it. */
    @Inject
    SessionRelay relay = SessionRelay.NONE;

    /**
     * Drops, every minute, what this server holds for sessions that ended without it hearing (a cluster's session
     * that expired in the grid while the node that claimed its end died, or whose grid took no expiry listener):
     * bounded by the sessions it served, but not kept forever.
     */
    @PostConstruct
    void start() {
        timers.everyAskingGrid("the sweep of ended sessions' live state", Duration.ofMinutes(1).toMillis(), this::sweep);
        timers.everyAskingGrid("keeping sessions with requests running alive", KEEP_BUSY_ALIVE_EVERY.toMillis(), this::keepBusyAlive);
        timers.everyAskingGrid("writing the stream ends the data grid did not take", 1000, () -> lateEnds.writeAll(logPause));
    }

    /** How often {@link #keepBusyAlive} looks: a busy session is refreshed at most this much later than due, well within any idle timeout of a second or more. */
    static final Duration KEEP_BUSY_ALIVE_EVERY = Duration.ofMillis(500);

    /**
     * A session is idle only when nothing of it runs: the idle timer of a session with requests running here is
     * refreshed (as a request's lookup does) every quarter of the idle timeout the store ends it by (on the cluster
     * the grid's, whatever this node's {@code mcp.session.timeout} says), so that a call longer than that timeout is not
     * cancelled by its session's expiry. {@code mcp.session.max-age} still ends it.
     */
    void keepBusyAlive() {
        if (timers.gridPaused()) {
            return; // with the cluster on, the sessions are the data grid's, which did not answer a moment ago
        }
        long every = sessions.idleTimeout().toNanos() / 4;
        long now = System.nanoTime();
        live.forEach((id, session) -> {
            if (session.keepAliveDue(now, every)) {
                sessions.find(id);
            }
        });
    }

    void sweep() {
        if (timers.gridPaused()) {
            return; // with the cluster on, the sessions are the data grid's, which did not answer a moment ago
        }
        live.forEach((id, session) -> {
            if (session.idle() && sessions.peek(id).isEmpty() && live.remove(id, session)) {
                withStream.remove(session);
                session.close();
            }
        });
        withStream.removeIf(session -> live.get(session.id()) != session); // none should be left; kept bounded all the same
    }

    LiveSession of(String sessionId) {
        return live.computeIfAbsent(sessionId, id -> {
            LiveSession[] created = new LiveSession[1];
            created[0] = new LiveSession(id, relay::node, PausingStreamLog.of(log, logPause, lateEnds), timers::nonBlocking, () -> {
                // added first, then checked: a session ended between a check and the add was left in withStream for
                // good, its end having looked there before (onSessionEnded, forget and sweep remove from live first)
                withStream.add(created[0]);
                if (live.get(id) != created[0]) {
                    withStream.remove(created[0]);
                }
            }, timers::soon);
            return created[0];
        });
    }

    /** The sessions with a GET stream on this server (connected or not), without copying. */
    Collection<LiveSession> withStream() {
        return Collections.unmodifiableSet(withStream);
    }

    /**
     * Hands a client's response to the server-to-client request of a session on this server that waits for it; false
     * when none does here (on a cluster the request may wait on another node).
     */
    public boolean answer(String sessionId, String requestId, JsonObject message) {
        LiveSession session = live.get(sessionId);
        return session != null && session.answer(requestId, message);
    }

    Map<String, LiveSession> snapshot() {
        return Map.copyOf(live);
    }

    /** Cancels a request of a session running on this server; false when none does here. */
    public boolean cancel(String sessionId, String requestId) {
        LiveSession session = live.get(sessionId);
        return session != null && session.cancel(requestId);
    }

    /**
     * A stream of another node is followed here for a client: the drain ends it as it ends the sessions' GET streams.
     * One that starts after the drain ended them (its GET passed the servlet's check just before the drain began) ends
     * at once: it is added before the flag is read, and the drain sets the flag before it goes through the followers,
     * so one of the two ends it (both may: the second call does nothing).
     */
    void followed(StreamFollower follower) {
        followers.add(follower);
        follower.sink().whenCompleted(() -> followers.remove(follower));
        long retryMillis = endedForShutdown;
        if (retryMillis >= 0) {
            follower.endForShutdown(retryMillis);
        }
    }

    /**
     * A GET stream opened or resumed after the drain ended the streams (its GET passed the servlet's drain check just
     * before) ends at once the same way: nothing would end it later. Either this sees the drain's mark or the drain
     * sees the stream; ending it twice is ending it once.
     */
    void endIfDrained(EventStream stream) {
        long retryMillis = endedForShutdown;
        // a call's stream a client resumed as the drain began ends with the call's answer, as the drain lets calls finish
        if (retryMillis >= 0 && stream.isGetStream()) {
            stream.endForShutdown(retryMillis);
        }
    }

    /**
     * The server stops: every session's GET stream gets its last event and ends, and so does every stream of another
     * node followed here (with the same last event), so that their clients reconnect elsewhere instead of being cut off.
     */
    void endStreamsForShutdown(long retryMillis) {
        endedForShutdown = retryMillis;
        live.values().forEach(session -> session.endStreamForShutdown(retryMillis));
        followers.forEach(follower -> follower.endForShutdown(retryMillis));
    }

    void onSessionEnded(@Observes SessionEnded event) {
        LiveSession session = live.remove(event.sessionId());
        if (session != null) {
            withStream.remove(session);
            session.close();
        }
    }

    /** Drops {@code session}, whose session turned out to have ended already (unless it was dropped or replaced). */
    void forget(LiveSession session) {
        if (live.remove(session.id(), session)) {
            withStream.remove(session);
            session.close();
        }
    }
}
