package dev.jakartamcp.transport;

import jakarta.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One logical SSE stream: a POST's response stream or a session's GET stream. In legacy sessions its events carry
 * ids and are kept (a bounded number) so that a client whose connection broke can resume with {@code Last-Event-ID}
 * on a new GET; messages sent while no connection is attached wait in the log for that. Every write of the stream
 * (priming event, messages, keep-alive comments, the last event) goes to its connection through the same non-blocking
 * path ({@link HttpSink#nonBlocking}); a message is kept before it is written, so that one a slow consumer lost when
 * its connection was ended can be resumed.
 */
final class EventStream {
    private static final Logger LOG = Logger.getLogger(EventStream.class.getName());

    /** Events kept for resumption per stream: at most this many, and at most {@link #MAX_KEPT_BYTES} (the newest is always kept). */
    static final int MAX_KEPT_EVENTS = 256;
    static final int MAX_KEPT_BYTES = 1024 * 1024;

    private final String id;
    /** When it was opened (a session drops its oldest streams first). */
    private final long openedAt = System.nanoTime();
    private final boolean resumable;
    /** A session's GET stream, not a POST's response stream. */
    private final boolean getStream;
    private final StreamLog log;
    private final Consumer<HttpSink> streaming;
    private final Deque<Kept> kept = new ArrayDeque<>();
    private long keptBytes;
    private volatile Runnable whenFinished = () -> { };
    private HttpSink sink;
    private long sequence;
    /** The sequence of the last event a connection took (written, or queued for it). */
    private long handedOver;
    private boolean finished;
    /**
     * Whether the cluster's log ({@link #log}) has every event of this stream: false from the first write the grid did
     * not take (it did not answer within {@code mcp.cluster.grid-timeout}), after which the stream writes no more
     * events there — they still reach the connection and stay for resumption on this node; another node replays only
     * what the log got, and no later event waits for the grid again. Its end is still told, once.
     */
    private boolean logged = true;
    /** The grid's record of this GET stream says it is finished and incomplete ({@link #shareLoss}). */
    private volatile boolean lossShared;
    /**
     * Whether the client knows the 2025-11-25 polling pattern (the stream was primed): an event of empty data, which
     * it takes for none. An older revision's client would take it for a message and fail to parse it.
     */
    private boolean polling;
    /** The session and request (JSON text; null for a GET stream) the log records this stream under. */
    private String sessionId;
    private String requestId;
    /** When a lost log was last a WARNING ({@link #logLost}), across streams. */
    private static final java.util.concurrent.atomic.AtomicLong LOG_LOST_WARNED = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE / 2);
    private static final long WARN_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    /** {@code streaming} makes a connection's writes non-blocking ({@link StreamTimers#nonBlocking}). */
    EventStream(String id, boolean resumable, HttpSink sink, Consumer<HttpSink> streaming) {
        this(id, resumable, sink, StreamLog.NONE, streaming);
    }

    /** A stream whose events also go to {@code log} (resumable streams of a cluster's sessions). */
    EventStream(String id, boolean resumable, HttpSink sink, StreamLog log, Consumer<HttpSink> streaming) {
        this(id, resumable, sink, log, streaming, false);
    }

    /** {@code getStream}: a session's GET stream rather than a POST's response stream. */
    EventStream(String id, boolean resumable, HttpSink sink, StreamLog log, Consumer<HttpSink> streaming, boolean getStream) {
        this.id = id;
        this.resumable = resumable;
        this.getStream = getStream;
        this.sink = sink;
        this.log = log;
        this.streaming = streaming;
        if (sink != null) {
            streaming.accept(sink);
        }
    }

    String id() {
        return id;
    }

    /** Logs the opening of this stream of {@code sessionId} answering {@code requestId} (null: a GET stream). */
    void logOpening(String sessionId, String requestId) {
        synchronized (this) {
            this.sessionId = sessionId;
            this.requestId = requestId;
        }
        try {
            log.opened(id, sessionId, requestId);
        } catch (RuntimeException e) {
            logLost(e); // the grid did not answer: the stream is served, resumable on this node only
        }
    }

    boolean isGetStream() {
        return getStream;
    }

    synchronized boolean isConnected() {
        return sink != null && sink.isOpen();
    }

    synchronized boolean isFinished() {
        return finished;
    }

    long openedAt() {
        return openedAt;
    }

    /** Bytes (UTF-8) of the data of the events kept for resumption. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    /**
     * Finished, and a connection took every event and sent it on: nothing is left that a client would resume it for.
     * Handed to a connection is not enough: a large answer may wait there for a slow client, and be dropped.
     */
    synchronized boolean isDelivered() {
        return finished && handedOver == sequence && (sink == null || sink.tookEverything());
    }

    /** The priming event of 2025-11-25: an id and empty data, plus how long to wait before reconnecting. */
    synchronized void prime(long retryMillis) {
        polling = true;
        String eventId = nextId();
        StringBuilder b = new StringBuilder();
        if (eventId != null) {
            b.append("id: ").append(eventId).append('\n');
        }
        b.append("retry: ").append(retryMillis).append('\n').append("data: \n\n");
        if (sink != null) {
            sink.write(b.toString());
        }
    }

    synchronized void send(JsonObject message) {
        SseEvent event = new SseEvent(nextId(), message.toString());
        if (resumable) {
            if (logged) {
                try {
                    log.appended(id, sequence, event.data());
                } catch (RuntimeException e) {
                    logLost(e);
                }
            }
            Kept added = new Kept(event, event.dataBytes());
            kept.addLast(added);
            keptBytes += added.bytes();
            while (kept.size() > 1 && (kept.size() > MAX_KEPT_EVENTS || keptBytes > MAX_KEPT_BYTES)) {
                keptBytes -= kept.removeFirst().bytes();
            }
        }
        if (sink != null && sink.write(event.wire())) {
            handedOver = sequence;
        }
    }

    /**
     * Sends a notification that says only that something changed (a list, a resource): while no connection takes the
     * stream's events, one such message waiting to be resumed is enough, so a second equal one is not kept again. What
     * waits for a disconnected client is so bounded by the kinds of change, not by how often things change.
     */
    synchronized void sendChange(JsonObject message) {
        if (resumable && !finished && !isConnected()) {
            String data = message.toString();
            for (Kept k : kept) {
                if (sequenceOf(k.event().id()) > handedOver && k.event().data().equals(data)) {
                    return;
                }
            }
        }
        send(message);
    }

    synchronized boolean comment(String text) {
        return sink != null && sink.write(": " + text + "\n\n");
    }

    /**
     * Ends the stream because the server stops: a last event without a message that carries the stream's next event id
     * (resumable streams) and how long to wait before reconnecting (the 2025-11-25 polling pattern), then the end of
     * the response. Its data is empty only for a client of that pattern ({@link #polling}): for an older one the event
     * has no data line, which dispatches no message (the id and the retry are still taken).
     */
    synchronized void endForShutdown(long retryMillis) {
        if (finished) {
            return;
        }
        String eventId = nextId();
        StringBuilder b = new StringBuilder();
        if (eventId != null) {
            b.append("id: ").append(eventId).append('\n');
        }
        b.append("retry: ").append(retryMillis).append('\n').append(polling ? "data: \n\n" : "\n");
        if (sink != null) {
            sink.write(b.toString());
        }
        finish();
    }

    /**
     * Ends the stream: the last message was sent. The client's response ends even when the cluster's log cannot be
     * told (the data grid closing first as the server stops, as on Open Liberty): other nodes then learn of the end from
     * the log's expiry or its owner's absence.
     */
    synchronized void finish() {
        try {
            finishing();
        } finally {
            try {
                whenFinished.run();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "What follows the end of stream " + id + " failed; the stream ended all the same", e);
            }
        }
    }

    /** Runs {@code task} each time the stream is finished (it must take no lock: the stream's is held). */
    void whenFinished(Runnable task) {
        whenFinished = task;
    }

    private void finishing() {
        finished = true;
        try {
            if (resumable && logged) {
                log.finished(id, sessionId, requestId);
            } else if (resumable) {
                log.abandoned(id, sessionId, requestId); // a follower on another node stops waiting, and tells its client so
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "The end of stream " + id + " could not be logged for the other nodes", e);
        } finally {
            if (sink != null) {
                sink.complete();
            }
        }
    }

    /**
     * The cluster's log did not take an event of this stream (or its opening): no more of its events go there. A
     * WARNING at most once a minute over all streams, the rest FINE.
     */
    synchronized void logLost(RuntimeException e) {
        logged = false;
        if (e instanceof StreamLog.RecordGone) {
            // the grid answered, and no longer holds the stream's record (evicted; a quiet GET stream's expired): it is
            // recorded again, incomplete — a request's stream as running, so that a resume on another node waits for its
            // end and is then told to send the request again; a GET stream as finished, so that another node serves
            // the client a GET stream of its own — instead of a resume being taken for a new GET stream
            try {
                if (getStream) {
                    markGetStreamLost();
                } else {
                    log.incomplete(id, sessionId, requestId);
                }
            } catch (RuntimeException again) {
                LOG.log(Level.FINE, "The lost record of stream " + id + " could not be written again", again);
            }
            LOG.log(Level.FINE, "The data grid no longer held the record of stream " + id + "; recorded again, incomplete");
            return;
        }
        long now = System.nanoTime();
        long warned = LOG_LOST_WARNED.get();
        boolean warn = now - warned >= WARN_EVERY_NANOS && LOG_LOST_WARNED.compareAndSet(warned, now);
        LOG.log(warn ? Level.WARNING : Level.FINE, "The data grid did not take an event of stream " + id + " (" + e.getMessage()
                + "); its events reach the client and can be resumed on this node, but no longer on another one"
                + (warn ? " (further streams that lose their log are logged at FINE for a minute)" : ""), warn ? null : e);
    }

    /**
     * A GET stream whose events the grid stopped taking ({@link #logLost}) never finishes while its node runs, so its
     * record would say for as long as it lives that this node serves it: a resume on another node followed it and heard
     * only keep-alives, the session's notices going to this node's copy alone. Called on the grid's timer thread at
     * each keep-alive: once the grid answers again, the record is marked finished and incomplete, and another node ends
     * a follower with the retry event or, resumed there, opens a GET stream of its own for the client.
     */
    void shareLoss() {
        synchronized (this) {
            if (!getStream || !resumable || logged || lossShared || finished) {
                return;
            }
        }
        try {
            markGetStreamLost();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "The grid did not take the loss of stream " + id + "'s log yet", e);
        }
    }

    /** Marks this GET stream's record finished and incomplete, once: the grid's exception, if any, leaves it unmarked. */
    private void markGetStreamLost() {
        log.abandoned(id, sessionId, null);
        lossShared = true;
    }

    /**
     * Continues this stream on a new connection, replaying what came after {@code lastSequence}. The connection it
     * had is ended: nothing writes to it any more, and a POST's response has no keep-alive that would notice.
     */
    synchronized void resume(HttpSink newSink, long lastSequence) {
        if (sink != null && sink != newSink) {
            sink.markGone();
            sink.complete();
        }
        sink = newSink;
        streaming.accept(newSink);
        for (Kept k : kept) {
            SseEvent event = k.event();
            long eventSequence = sequenceOf(event.id());
            if (eventSequence > lastSequence && newSink.write(event.wire())) {
                handedOver = Math.max(handedOver, eventSequence);
            }
        }
        if (finished) {
            newSink.complete();
        }
    }

    synchronized void detach() {
        if (sink != null) {
            sink.markGone();
            sink.complete();
        }
    }

    private String nextId() {
        sequence++;
        return resumable ? id + "_" + sequence : null;
    }

    static long sequenceOf(String eventId) {
        int sep = eventId == null ? -1 : eventId.lastIndexOf('_');
        try {
            return sep < 0 ? -1 : Long.parseLong(eventId.substring(sep + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String streamIdOf(String eventId) {
        int sep = eventId == null ? -1 : eventId.lastIndexOf('_');
        return sep < 0 ? null : eventId.substring(0, sep);
    }

    /** An event kept for resumption, with its {@link SseEvent#dataBytes() bytes}, counted once against the bounds. */
    private record Kept(SseEvent event, long bytes) {
    }
}
