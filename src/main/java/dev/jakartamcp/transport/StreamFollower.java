package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.JsonFactory;

import java.io.StringReader;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;

/**
 * Resumes, on this node, a stream another node of the cluster sent ({@code Last-Event-ID} of a stream this node does
 * not hold): replays what the shared log kept after the client's last event, then follows the log until the stream
 * finishes. When the node that was answering the request has died, the client gets a JSON-RPC error for that request
 * ("send it again") and the stream ends, instead of waiting for an answer that cannot come. When this node drains,
 * the stream gets the last event of the node's own GET streams ({@link #endForShutdown}), and so does a followed GET
 * stream its own node ends.
 */
final class StreamFollower {
    static final long POLL_MILLIS = 250;

    private final StreamLog log;
    private final StreamTimers timers;
    private final String streamId;
    private final HttpSink sink;
    private final BooleanSupplier stillWanted;
    /** Whether the client knows the 2025-11-25 polling pattern, as for {@link EventStream#endForShutdown}. */
    private final boolean polling;
    /** The sequence of the last event written here (at first the client's last event). */
    private long sent;
    private long quietSince = System.nanoTime();
    /** When {@code stillWanted} was last asked, and how often it is asked while the stream goes on. */
    private long askedAt = System.nanoTime();
    private volatile long askEveryNanos = Long.MAX_VALUE;

    private StreamFollower(StreamLog log, StreamTimers timers, String streamId, long lastSeen, HttpSink sink, BooleanSupplier stillWanted,
                           boolean polling) {
        this.polling = polling;
        this.log = log;
        this.timers = timers;
        this.streamId = streamId;
        this.sent = lastSeen;
        this.sink = sink;
        this.stillWanted = stillWanted;
    }

    /**
     * Follows {@code streamId} on {@code sink} from the client's {@code lastSeen} event. {@code stillWanted} is asked
     * at each keep-alive: false (the session ended, on any node) ends the stream; asking it keeps the session alive,
     * as a GET stream on the session's own node does.
     */
    static StreamFollower follow(StreamLog log, StreamTimers timers, String streamId, long lastSeen, HttpSink sink,
                                 BooleanSupplier stillWanted) {
        return follow(log, timers, streamId, lastSeen, sink, stillWanted, Duration.ofMillis(timers.keepAliveMillis()), true);
    }

    /**
     * As {@link #follow(StreamLog, StreamTimers, String, long, HttpSink, BooleanSupplier)}, {@code stillWanted} asked at
     * least every {@code askEvery} while the stream goes on, however busy: a client that only listens keeps its session
     * alive through the stream it follows here (a quarter of the idle timeout, which may be shorter than the keep-alive).
     * {@code polling}: the session's client knows the 2025-11-25 polling pattern (its last event may have empty data).
     */
    static StreamFollower follow(StreamLog log, StreamTimers timers, String streamId, long lastSeen, HttpSink sink,
                                 BooleanSupplier stillWanted, Duration askEvery, boolean polling) {
        timers.nonBlocking(sink);
        StreamFollower follower = new StreamFollower(log, timers, streamId, lastSeen, sink, stillWanted, polling);
        follower.askEveryNanos = Math.max(1, askEvery.toNanos());
        try {
            follower.step();
        } catch (dev.jakartamcp.protocol.McpException e) {
            if (!"grid".equals(e.limit())) {
                throw e;
            }
            // the grid did not answer after the 200 went out: the stream goes on as when a later poll is not
            // answered (keep-alives, the grid asked again once its pause is over), not ended empty
            timers.gridDidNotAnswer();
        }
        if (sink.isOpen()) {
            ScheduledFuture<?> task = timers.everyAskingGrid("following another node's stream in the shared log", POLL_MILLIS, follower::step);
            sink.whenCompleted(() -> task.cancel(false));
        }
        return follower;
    }

    HttpSink sink() {
        return sink;
    }

    /** One poll of the log; synchronized with {@link #endForShutdown}, so that the last event's id is the last sent. */
    private synchronized void step() {
        if (!sink.isOpen()) {
            sink.complete();
            return;
        }
        if (timers.gridPaused()) {
            // the log is the data grid, which did not answer a moment ago: only the keep-alive
            keepAliveIfQuiet(false);
            return;
        }
        if (!sendLogged()) {
            return;
        }
        Optional<StreamLog.Shared> shared = log.find(streamId);
        if ((shared.isEmpty() || shared.get().finished() || !shared.get().ownerAlive()) && !sendLogged()) {
            // it ended after the events were read above: its node logs the last events before the end, so they are
            // read once more, else the response (the stream's last event) would be lost
            return;
        }
        if (shared.isPresent() && shared.get().finished() && !shared.get().complete() && shared.get().requestId() != null) {
            // its node could not log every event (the data grid did not take one): what it logged was sent
            sink.write(new SseEvent(streamId + "_" + (sent + 1), JsonRpc.error(parse(shared.get().requestId()),
                    ErrorCode.INTERNAL_ERROR, "The server node that answered this request could not share the whole answer with"
                            + " this one; send the request again", null).toString()).wire());
            sink.complete();
        } else if (shared.isEmpty() || shared.get().finished()) {
            if (shared.isPresent() && shared.get().requestId() == null) {
                // a GET stream its node ended (that node drained, or the session ended): the client is told to come
                // back, from the last event it got here, as a stream this node drains is
                sink.write(lastEvent(timers.retryMillis()));
            }
            sink.complete();
        } else if (!shared.get().ownerAlive()) {
            if (shared.get().requestId() != null) {
                sink.write(new SseEvent(streamId + "_" + (sent + 1), JsonRpc.error(parse(shared.get().requestId()),
                        ErrorCode.INTERNAL_ERROR, "The server node that was answering this request stopped before it finished;"
                                + " send the request again", null).toString()).wire());
            }
            sink.complete();
        } else {
            if (System.nanoTime() - askedAt > askEveryNanos) {
                askedAt = System.nanoTime();
                if (!stillWanted.getAsBoolean()) {
                    sink.complete(); // the session ended, on any node
                    return;
                }
            }
            keepAliveIfQuiet(false);
        }
    }

    /**
     * A keep-alive comment when nothing was sent for {@code mcp.sse.keep-alive}; {@code askStillWanted}: whether the
     * session is asked too (a grid read), which ends the stream when it is gone.
     */
    private void keepAliveIfQuiet(boolean askStillWanted) {
        if (System.nanoTime() - quietSince > timers.keepAliveMillis() * 1_000_000L) {
            quietSince = System.nanoTime();
            if ((askStillWanted && !stillWanted.getAsBoolean()) || !sink.write(": keep-alive\n\n")) {
                sink.complete();
            }
        }
    }

    /**
     * Sends what the log has after the last event sent; false when the client is gone (the sink is completed). Events
     * the log has spoken of but no longer holds are passed over with the ones it holds: none of them ever comes, and
     * each poll would otherwise read every one of them again, a grid read each.
     */
    private boolean sendLogged() {
        StreamLog.Logged logged = log.logged(streamId, sent);
        for (StreamLog.Entry e : logged.entries()) {
            if (!sink.write(new SseEvent(streamId + "_" + e.sequence(), e.data()).wire())) {
                sink.complete();
                return false;
            }
            sent = e.sequence();
            quietSince = System.nanoTime();
        }
        sent = Math.max(sent, logged.through());
        return true;
    }

    /**
     * This node stops: the same last event as its own GET streams ({@link EventStream#endForShutdown}), how long to
     * wait before reconnecting with the id of the last event sent here, then the end of the response. Unlike the
     * node's own stream, the followed one is not finished: its node goes on writing it, so the id names no new event
     * (that would make the client skip the next one) but the last one it got, from which another node resumes it
     * without loss or repetition.
     */
    synchronized void endForShutdown(long retryMillis) {
        if (!sink.isOpen()) {
            return;
        }
        sink.write(lastEvent(retryMillis));
        sink.complete();
    }

    /** An event without a message: the id of the last event sent here, and how long to wait before reconnecting. */
    private String lastEvent(long retryMillis) {
        return "id: " + streamId + "_" + sent + "\nretry: " + retryMillis + (polling ? "\ndata: \n\n" : "\n\n");
    }

    private static jakarta.json.JsonValue parse(String json) {
        try (var reader = JsonFactory.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
