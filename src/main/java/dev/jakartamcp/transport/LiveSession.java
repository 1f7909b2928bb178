package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Exchange;
import jakarta.json.JsonObject;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this server holds in memory for a legacy session beyond its stored state: open streams, requests in flight
 * (for cancellation) and the server-to-client requests waiting for the client's answer.
 */
final class LiveSession {
    static final int MAX_STREAMS = 32;
    /** Bytes of kept events a session's streams may hold before older streams are dropped (each keeps its newest event). */
    static final long MAX_KEPT_BYTES = 2L * EventStream.MAX_KEPT_BYTES;
    /** URL mode elicitations a session remembers for their completion notification; older ones are forgotten. */
    private static final int MAX_URL_ELICITATIONS = 32;
    private static final String SERVER_REQUEST_ID_PREFIX = "srv-";
    private static final char NODE_MARK = '@';

    private final String sessionId;
    private final StreamLog log;
    private final java.util.function.Consumer<HttpSink> streaming;
    private final Runnable standaloneOpened;
    private final Map<String, EventStream> streams = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    /**
     * Requests in flight, each its own entry (an exchange is equal only to itself), to the JSON text of its id: a
     * client may send two requests with one id at once, and the one that ends first must not take the other's entry.
     */
    private final Map<Exchange, String> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong serverRequestIds = new AtomicLong();
    /**
     * Random per copy of the session: on a cluster every node that serves the session has its own copy and counter, and
     * an answer the client POSTs to any node must find the one question it answers (ids are never reused in a session).
     */
    private final String serverRequestIdPrefix = SERVER_REQUEST_ID_PREFIX + ResponseStream.newStreamId() + "-";
    /**
     * The node that asks, named after the counter so that the answer goes to it alone ({@link #askedBy}); empty alone.
     * Asked at every question: a node's name changes when it rejoins its cluster after a split.
     */
    private final java.util.function.Supplier<String> node;
    private volatile EventStream standalone;
    /** Who opened the GET stream: a resource update reaches it only while this caller may still read the resource. */
    private volatile Caller standaloneCaller = Caller.ANONYMOUS;
    /** The session has ended ({@link #close}): a stream that gets a connection after that is ended at once. */
    private volatile boolean closed;
    private final Map<String, ResponseStream> urlElicitations = new LinkedHashMap<>();

    /** Runs {@link #trim()} after a stream finished; never on the finishing thread, which holds the stream's lock. */
    private final java.util.concurrent.Executor trims;
    private final java.util.concurrent.atomic.AtomicBoolean trimDue = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * {@code streaming} makes a stream's connection non-blocking; {@code standaloneOpened} tells the session's owner
     * that the session now has a GET stream (so that notices visit it). For tests on one thread: a finished stream's
     * trim runs at once, on its thread.
     */
    LiveSession(String sessionId, StreamLog log, java.util.function.Consumer<HttpSink> streaming, Runnable standaloneOpened) {
        this(sessionId, () -> "", log, streaming, standaloneOpened, Runnable::run);
    }

    /**
     * A session's copy on the cluster's node {@code node} ({@link SessionRelay#node()}; empty on a single server);
     * {@code trims} runs the trim of the kept events a finished stream asks for (a thread other than the stream's).
     */
    LiveSession(String sessionId, java.util.function.Supplier<String> node, StreamLog log, java.util.function.Consumer<HttpSink> streaming,
                Runnable standaloneOpened, java.util.concurrent.Executor trims) {
        this.sessionId = sessionId;
        this.node = node;
        this.log = log;
        this.streaming = streaming;
        this.standaloneOpened = standaloneOpened;
        this.trims = trims;
    }

    String id() {
        return sessionId;
    }

    /**
     * Opens a resumable stream of this session on {@code sink}: a POST's response stream answering the request whose
     * id (JSON text) is {@code requestId}, or (null) the session's GET stream.
     */
    EventStream open(HttpSink sink, String requestId) {
        EventStream stream = new EventStream(ResponseStream.newStreamId(), true, sink, log, streaming, requestId == null);
        stream.logOpening(sessionId, requestId);
        stream.whenFinished(this::trimSoon);
        register(stream);
        return stream;
    }

    /**
     * Adds {@code stream}, first dropping streams while the session holds {@link #MAX_STREAMS} or their kept events
     * exceed {@link #MAX_KEPT_BYTES}: finished streams a connection took everything of, then other finished ones, then
     * unfinished ones without a connection (a call whose client went away), each oldest first. Never dropped: the
     * GET stream and streams with a connection.
     */
    private synchronized void register(EventStream stream) {
        dropWhile(() -> streams.size() >= MAX_STREAMS || keptBytes() > MAX_KEPT_BYTES);
        streams.put(stream.id(), stream);
    }

    /**
     * A stream finished: the session's kept events are trimmed to {@link #MAX_KEPT_BYTES} again, as when a stream is
     * opened. Streams that were running at once (up to the caller's calls at a time, each keeping up to
     * {@link EventStream#MAX_KEPT_BYTES}) could not be dropped when the last of them opened, and would otherwise stay
     * until the session's next stream.
     */
    private void trimSoon() {
        if (trimDue.compareAndSet(false, true)) {
            trims.execute(() -> {
                trimDue.set(false);
                trim();
            });
        }
    }

    synchronized void trim() {
        dropWhile(() -> keptBytes() > MAX_KEPT_BYTES);
    }

    /**
     * Drops streams in {@link #register}'s order while {@code tooMuch}, never the newest stream whose client has not
     * taken everything: as a stream keeps its newest event, the session keeps that stream, often the answer to a call
     * whose connection was lost, large enough alone to pass the bound; the client resumes it for the answer.
     */
    private void dropWhile(java.util.function.BooleanSupplier tooMuch) {
        // among the streams that could be dropped: a newer call still connected (never dropped) must not take its place
        EventStream newestUntaken = streams.values().stream()
                .filter(s -> s != standalone && dropOrder(s) > 0 && (s.isFinished() || !s.isConnected()))
                .max(Comparator.comparingLong(EventStream::openedAt)).orElse(null);
        while (tooMuch.getAsBoolean()) {
            Optional<EventStream> drop = streams.values().stream()
                    .filter(s -> s != standalone && s != newestUntaken && (s.isFinished() || !s.isConnected()))
                    .min(Comparator.comparingInt(LiveSession::dropOrder).thenComparingLong(EventStream::openedAt));
            if (drop.isEmpty()) {
                break;
            }
            streams.remove(drop.get().id());
        }
    }

    private long keptBytes() {
        return streams.values().stream().mapToLong(EventStream::keptBytes).sum();
    }

    private static int dropOrder(EventStream s) {
        return s.isDelivered() ? 0 : s.isFinished() ? 1 : 2;
    }

    EventStream stream(String id) {
        return id == null ? null : streams.get(id);
    }

    EventStream standalone() {
        return standalone;
    }

    Caller standaloneCaller() {
        return standaloneCaller;
    }

    /**
     * Makes {@code stream}, opened by {@code caller}'s GET, the session's GET stream, the one its notices go to. The
     * connection of the one it replaces ends (its events stay for {@code Last-Event-ID}).
     */
    void standalone(EventStream stream, Caller caller) {
        replaceStandalone(stream, caller, false);
    }

    /**
     * Makes a GET stream that {@code caller} resumes the session's GET stream again, unless another one has a
     * connection: then the resumed one only replays what it kept (else two connected GETs of a session would take the
     * session's notices from each other at every reconnect). Called before the resumed stream replays, so that a
     * notice in between waits in its kept log.
     */
    void resumeStandalone(EventStream resumed, Caller caller) {
        replaceStandalone(resumed, caller, true);
    }

    private void replaceStandalone(EventStream stream, Caller caller, boolean unlessAnotherIsConnected) {
        EventStream previous;
        synchronized (this) { // each replaced stream is ended by the one call that replaced it
            previous = standalone;
            if (unlessAnotherIsConnected && previous != null && previous != stream && !previous.isFinished() && previous.isConnected()) {
                return;
            }
            standaloneCaller = caller; // before the stream: a fan-out that sees the new stream sees its caller
            standalone = stream;
        }
        if (stream != null) {
            standaloneOpened.run();
        }
        if (previous != null && previous != stream) {
            previous.detach();
        }
    }

    String nextServerRequestId() {
        String asking = node.get();
        return serverRequestIdPrefix + serverRequestIds.incrementAndGet() + (asking.isEmpty() ? "" : NODE_MARK + asking);
    }

    /**
     * The node that asked the server-to-client request whose id (JSON text, as {@link #answer} receives it) is
     * {@code id}: empty when no node of this server can have issued it (not one of {@link #nextServerRequestId}'s
     * ids), the empty name for an id that names no node (a single server's, or a node's of an older version).
     */
    static Optional<String> askedBy(String id) {
        String quotedPrefix = "\"" + SERVER_REQUEST_ID_PREFIX;
        if (!id.startsWith(quotedPrefix) || !id.endsWith("\"") || id.length() < quotedPrefix.length() + 1) {
            return Optional.empty();
        }
        String text = id.substring(1, id.length() - 1);
        int mark = text.lastIndexOf(NODE_MARK);
        if (mark < 0) {
            // a single server's id, or one of a node of an older version: exactly what nextServerRequestId makes
            return ISSUED_WITHOUT_NODE.matcher(text).matches() ? Optional.of("") : Optional.empty();
        }
        String node = text.substring(mark + 1);
        return node.isEmpty() ? Optional.empty() : Optional.of(node);
    }

    /** The ids {@link #nextServerRequestId} makes without a node: the prefix, 24 hex digits, a dash, the counter. */
    private static final java.util.regex.Pattern ISSUED_WITHOUT_NODE =
            java.util.regex.Pattern.compile(SERVER_REQUEST_ID_PREFIX + "[0-9a-f]{24}-[1-9][0-9]{0,18}");

    /** {@code id} is the JSON text of the request id, as {@link #answer} receives it. */
    void awaitAnswer(String id, CompletableFuture<JsonObject> future) {
        pending.put(id, future);
        future.whenComplete((r, e) -> pending.remove(id));
    }

    /** Routes a client's response to the request it answers; false when nothing waits for it. */
    boolean answer(String id, JsonObject message) {
        CompletableFuture<JsonObject> future = pending.remove(id);
        return future != null && future.complete(message);
    }

    /** A URL mode elicitation was sent on {@code origin}: its completion notification goes to this session. */
    synchronized void urlElicitationSent(String elicitationId, ResponseStream origin) {
        urlElicitations.remove(elicitationId);
        urlElicitations.put(elicitationId, origin);
        if (urlElicitations.size() > MAX_URL_ELICITATIONS) {
            urlElicitations.remove(urlElicitations.keySet().iterator().next());
        }
    }

    /** Forgets a URL mode elicitation that completed; empty when this session did not ask it (or forgot it). */
    synchronized Optional<ResponseStream> urlElicitationCompleted(String elicitationId) {
        return Optional.ofNullable(urlElicitations.remove(elicitationId));
    }

    /** When this node last refreshed the session's idle timer for its requests in flight ({@link #keepAliveDue}). */
    private volatile long keptAliveAt = System.nanoTime();

    /**
     * Whether the session's idle timer is due for a refresh because requests of it still run or its GET stream is
     * connected: true at most once per {@code everyNanos}, counted from the last refresh or the last request's start
     * (whose lookup refreshed it). A call that runs longer than {@code mcp.session.timeout} must not find its session
     * ended as idle, nor a client that only listens (its stream's keep-alive, every {@code mcp.sse.keep-alive}, may come
     * less often than the timeout).
     */
    boolean keepAliveDue(long nowNanos, long everyNanos) {
        if (inFlight.isEmpty() && !isListening() || nowNanos - keptAliveAt < everyNanos) {
            return false;
        }
        keptAliveAt = nowNanos;
        return true;
    }

    private boolean isListening() {
        EventStream get = standalone;
        return get != null && !get.isFinished() && get.isConnected();
    }

    /** {@code requestKey} is the JSON text of the request's id, as {@link #cancel} receives it. */
    void started(String requestKey, Exchange exchange) {
        keptAliveAt = System.nanoTime();
        inFlight.put(exchange, requestKey);
        if (closed) {
            exchange.cancel(); // the session ended while it started: close() may not have seen it
        }
    }

    /** Whether the session ended (deleted, expired) for this node. */
    boolean isClosed() {
        return closed;
    }

    void ended(Exchange exchange) {
        inFlight.remove(exchange);
    }

    /**
     * Cancels every request in flight whose id is {@code requestKey}: a cancellation names an id, and the session may
     * run more than one request with it. A pass over the session's requests in flight, as many as run at once.
     */
    boolean cancel(String requestKey) {
        boolean found = false;
        for (Map.Entry<Exchange, String> entry : inFlight.entrySet()) {
            if (entry.getValue().equals(requestKey)) {
                entry.getKey().cancel();
                found = true;
            }
        }
        return found;
    }

    /** Nothing runs, waits or streams here for this session any more. */
    boolean idle() {
        return inFlight.isEmpty() && pending.isEmpty() && streams.values().stream().noneMatch(EventStream::isConnected);
    }

    /**
     * The server stops: the session's GET stream gets its last event and ends, and so does an older GET stream a client
     * resumed while that one was connected (it only replays, yet holds a connection the stop would cut without a word).
     */
    void endStreamForShutdown(long retryMillis) {
        EventStream s = standalone;
        if (s != null) {
            s.endForShutdown(retryMillis);
        }
        streams.values().stream().filter(stream -> stream.isGetStream() && stream.isConnected())
                .forEach(stream -> stream.endForShutdown(retryMillis));
    }

    /**
     * Ends {@code stream}'s connection when the session has ended; called once the stream is the session's (opened,
     * or resumed on a new connection). Either this sees the end, or the end ({@link #close}, which marks it first and
     * then detaches what it finds) sees the stream: a DELETE between a GET's check of the session and its stream's
     * registration would otherwise leave the stream open until its next keep-alive.
     */
    boolean endIfClosed(EventStream stream) {
        if (closed) {
            stream.detach();
        }
        return closed;
    }

    void close() {
        closed = true;
        inFlight.keySet().forEach(Exchange::cancel);
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("session ended")));
        streams.values().forEach(EventStream::detach);
        EventStream s = standalone;
        if (s != null) {
            s.detach();
        }
    }
}
