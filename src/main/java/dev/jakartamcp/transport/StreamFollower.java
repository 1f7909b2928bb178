package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.JsonFactory;

import java.io.StringReader;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Resumes, on this node, a stream another node of the cluster sent ({@code Last-Event-ID} of a stream this node does
 * not hold): replays what the shared log kept after the client's last event, then follows the log until the stream
 * finishes. When the node that was answering the request has died, the client gets a JSON-RPC error for that request
 * ("send it again") and the stream ends, instead of waiting for an answer that cannot come.
 */
final class StreamFollower {
    static final long POLL_MILLIS = 250;

    private StreamFollower() {
    }

    /**
     * {@code stillWanted} is asked at each keep-alive: false (the session ended, on any node) ends the stream; asking
     * it keeps the session alive, as a GET stream on the session's own node does.
     */
    static void follow(StreamLog log, StreamTimers timers, String streamId, long lastSeen, HttpSink sink,
                       java.util.function.BooleanSupplier stillWanted) {
        timers.nonBlocking(sink);
        AtomicLong sent = new AtomicLong(lastSeen);
        AtomicLong quietSince = new AtomicLong(System.nanoTime());
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable step = () -> {
            if (!sink.isOpen()) {
                sink.complete();
                return;
            }
            for (StreamLog.Entry e : log.after(streamId, sent.get())) {
                if (!sink.write(new SseEvent(streamId + "_" + e.sequence(), e.data()).wire())) {
                    sink.complete();
                    return;
                }
                sent.set(e.sequence());
                quietSince.set(System.nanoTime());
            }
            Optional<StreamLog.Shared> shared = log.find(streamId);
            if (shared.isEmpty() || shared.get().finished()) {
                sink.complete();
            } else if (!shared.get().ownerAlive()) {
                if (shared.get().requestId() != null) {
                    sink.write(new SseEvent(streamId + "_" + (sent.get() + 1), JsonRpc.error(parse(shared.get().requestId()),
                            ErrorCode.INTERNAL_ERROR, "The server node that was answering this request stopped before it finished;"
                                    + " send the request again", null).toString()).wire());
                }
                sink.complete();
            } else if (System.nanoTime() - quietSince.get() > timers.keepAliveMillis() * 1_000_000L) {
                quietSince.set(System.nanoTime());
                if (!stillWanted.getAsBoolean() || !sink.write(": keep-alive\n\n")) {
                    sink.complete();
                }
            }
        };
        step.run();
        if (sink.isOpen()) {
            task.set(timers.every("following another node's stream in the shared log", POLL_MILLIS, step));
            sink.whenCompleted(() -> task.get().cancel(false));
        }
    }

    private static jakarta.json.JsonValue parse(String json) {
        try (var reader = JsonFactory.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
