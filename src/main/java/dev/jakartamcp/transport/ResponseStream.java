package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ExchangeChannel;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The answer to one POST. It stays a plain JSON response unless the handler sends something before its result
 * (a progress or log notification, a request to the client); then it becomes an SSE stream scoped to that request.
 */
final class ResponseStream implements ExchangeChannel {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServletResponse response;
    private final HttpSink sink;
    private final boolean sseAccepted;
    private final ProtocolRevision revision;
    private final LiveSession live;
    private final StreamTimers timers;
    private EventStream stream;
    private ScheduledFuture<?> heartbeat;
    private volatile Runnable onClientGone = () -> { };
    /** Questions sent on this stream that the client has not answered and the server has not withdrawn. */
    private final java.util.Set<Asked> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean jsonAccepted = true;
    private String requestId;

    ResponseStream(HttpServletResponse response, HttpSink sink, boolean sseAccepted, ProtocolRevision revision,
                   LiveSession live, StreamTimers timers) {
        this.response = response;
        this.sink = sink;
        this.sseAccepted = sseAccepted;
        this.revision = revision;
        this.live = live;
        this.timers = timers;
    }

    /** Whether the client accepts a plain JSON answer; a client that accepts only text/event-stream gets its answer as SSE. */
    ResponseStream jsonAccepted(boolean accepted) {
        this.jsonAccepted = accepted;
        return this;
    }

    /** The request this response answers (JSON text of its id), so that a resumed stream can still answer it. */
    ResponseStream answering(JsonValue id) {
        this.requestId = id == null ? null : id.toString();
        return this;
    }

    void onClientGone(Runnable action) {
        this.onClientGone = action;
    }

    @Override
    public void notify(JsonObject notification) {
        // before the lock: the HTTP thread may need it to answer while this waits for it to leave; false only if the
        // HTTP thread never left, and then nothing of the response may be touched from here
        if (!sseAccepted || !sink.mayWrite()) {
            return;
        }
        synchronized (this) {
            if (ensureSse()) {
                stream.send(notification);
            }
        }
    }

    @Override
    public CompletableFuture<JsonObject> request(String method, JsonObject params) {
        if (!sseAccepted || live == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the client cannot receive requests on this response (it does not accept text/event-stream)"));
        }
        if (!sink.mayWrite() || !streamingOrOpen()) { // mayWrite before the lock, as in notify
            return CompletableFuture.failedFuture(new IllegalStateException("the response to the client is gone"));
        }
        JsonValue id = JsonFactory.createValue(live.nextServerRequestId());
        if ("elicitation/create".equals(method) && params != null && "url".equals(params.getString("mode", null))
                && params.get("elicitationId") instanceof jakarta.json.JsonString elicitationId) {
            live.urlElicitationSent(elicitationId.getString(), this);
        }
        Asked answer = new Asked(id);
        outstanding.add(answer);
        answer.thenRun(() -> outstanding.remove(answer)); // answered: nothing to cancel at the client
        live.awaitAnswer(id.toString(), answer);
        synchronized (this) {
            if (!ensureSse()) {
                outstanding.remove(answer); // never sent
                answer.completeExceptionally(new IllegalStateException("the response to the client is gone"));
                return answer;
            }
            stream.send(JsonRpc.request(id, method, params));
        }
        return answer;
    }

    /** A request this stream sent to the client, awaiting its answer; its id says which, for {@link #gaveUp}. */
    private static final class Asked extends CompletableFuture<JsonObject> {
        private final JsonValue id;

        Asked(JsonValue id) {
            this.id = id;
        }
    }

    /** On the stream the request went out on, while it is open: {@code notifications/cancelled} naming it. */
    @Override
    public void gaveUp(CompletableFuture<JsonObject> answer) {
        if (answer instanceof Asked asked && sseAccepted && sink.mayWrite()) { // mayWrite before the lock, as in notify
            synchronized (this) {
                // withdrawn here or by the answer that ends the stream, once: not lost between the two
                if (outstanding.remove(asked) && ensureSse()) {
                    stream.send(cancelled(asked, "The server no longer waits for the answer"));
                }
            }
        }
    }

    private static JsonObject cancelled(Asked asked, String reason) {
        return JsonRpc.notification("notifications/cancelled", JsonFactory.createObjectBuilder().add("requestId", asked.id)
                .add("reason", reason).build());
    }

    /** Legacy clients may drop a POST stream and resume it later, so only modern clients cancel by disconnecting. */
    @Override
    public boolean isOpen() {
        EventStream s = stream;
        return !revision.isModern() || s == null || s.isConnected();
    }

    /** Sends {@code notification} if this answer is a stream still open to the client; false otherwise. */
    synchronized boolean notifyIfOpen(JsonObject notification) {
        EventStream s = stream;
        if (s == null || s.isFinished() || !s.isConnected()) {
            return false;
        }
        s.send(notification);
        return true;
    }

    synchronized boolean isStreaming() {
        return stream != null;
    }

    /** Whether this answer is a stream already, or its response may still become one. */
    private synchronized boolean streamingOrOpen() {
        return stream != null || sink.isOpen();
    }

    /** Sends the final message: as the last SSE event if streaming, else as the JSON body with {@code httpStatus}. */
    synchronized void respond(JsonStructure message, int httpStatus) {
        if (stream == null && httpStatus == 200 && sseAccepted && !jsonAccepted && !ensureSse()) {
            sink.complete();
            return;
        }
        if (stream != null) {
            // questions still waiting when the request is answered (at its deadline, its token revoked) are withdrawn
            // first: the client would otherwise keep a dialog open whose answer goes nowhere (basic/lifecycle, timeouts)
            for (Asked asked : outstanding) {
                if (outstanding.remove(asked) && !stream.isFinished()) {
                    stream.send(cancelled(asked, "The request ended before the answer came"));
                }
            }
            stream.send((JsonObject) message);
            stopHeartbeat();
            stream.finish();
            return;
        }
        writeJson(response, sink, httpStatus, message);
    }

    /** Like {@link #respond}, adding HTTP headers when the answer is still a plain HTTP response. */
    synchronized void respondError(JsonStructure message, int httpStatus, java.util.Map<String, String> headers) {
        if (stream == null && sink.isOpen() && !response.isCommitted()) {
            headers.forEach(response::setHeader);
        }
        respond(message, httpStatus);
    }

    ProtocolRevision revision() {
        return revision;
    }

    /**
     * Ends the answer to a request the client cancelled. A stream ends without a response, as the cancellation rules
     * ask; a plain JSON answer cannot be left empty, so it says that the request was cancelled.
     */
    synchronized void abandon(JsonValue id) {
        if (stream != null) {
            stopHeartbeat();
            stream.finish();
            return;
        }
        writeJson(response, sink, 200, cancelledAnswer(id));
    }

    /** The plain JSON answer to the request {@code id} its client cancelled (alone, or in a 2025-03-26 batch). */
    static JsonObject cancelledAnswer(JsonValue id) {
        return JsonRpc.error(id, dev.jakartamcp.protocol.ErrorCode.INTERNAL_ERROR, "Request cancelled", null);
    }

    /**
     * For a 2026-07-28 call that has not answered for a keep-alive interval: its answer becomes an event stream (the
     * client accepts one) with a keep-alive at once and then every interval, so that a client that has gone is noticed
     * and its call cancelled (the revision's rule for a disconnect); an answer still to come as plain JSON tells
     * nothing until it is written, since a container reports no close of an idle connection.
     */
    void probeClient() {
        if (!sseAccepted || !sink.mayWrite()) { // mayWrite before the lock, as in notify
            return;
        }
        synchronized (this) {
            if (ensureSse() && !stream.comment("keep-alive")) {
                stopHeartbeat();
                onClientGone.run();
            }
        }
    }

    /** For notifications and responses: 202 with no body. */
    synchronized void accepted() {
        if (sink.isOpen()) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            response.setContentLength(0);
        }
        sink.complete();
    }

    /**
     * Makes this answer an SSE stream unless it is one; false, touching nothing, when the response has ended or its
     * client is gone (a late notification of a call answered already, a client that disconnected): the container may
     * have handed the response object to another request by then. False also once the stream has ended: nothing of
     * the request follows its response ("Progress notifications MUST stop after completion"), and a call still
     * running after it was answered (timed out, cancelled) must not add events a resuming client would replay.
     */
    private boolean ensureSse() {
        if (stream != null) {
            return !stream.isFinished();
        }
        if (!sink.isOpen()) {
            return false;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        SseHeaders.apply(response);
        try {
            response.flushBuffer();
        } catch (IOException e) {
            sink.markGone();
        }
        boolean resumable = live != null;
        stream = resumable ? live.open(sink, requestId) : new EventStream(newStreamId(), false, sink, timers::nonBlocking);
        if (resumable) {
            if (revision.atLeast(ProtocolRevision.V2025_11_25)) {
                stream.prime(timers.retryMillis());
            }
        }
        heartbeat = timers.every("a response stream's keep-alive", timers.keepAliveMillis(), () -> {
            EventStream s = stream;
            if (s != null && !s.isFinished() && !s.comment("keep-alive")) {
                stopHeartbeat();
                onClientGone.run();
            }
        });
        return true;
    }

    private synchronized void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    static String newStreamId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Writes {@code body} as the whole answer and ends it. When the response has ended already or its client is gone,
     * it only ends what is still to be ended: the response object itself is not touched (see {@link #ensureSse}).
     */
    static void writeJson(HttpServletResponse response, HttpSink sink, int status, JsonStructure body) {
        if (!sink.isOpen()) {
            sink.complete();
            return;
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        sink.write(bytes);
        sink.complete();
    }
}
