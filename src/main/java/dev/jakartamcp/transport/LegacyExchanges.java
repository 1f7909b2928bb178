package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.limits.RateLimits;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.ops.Telemetry;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.ExchangeChannel;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.McpDispatcher;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.JsonNumbers;
import dev.jakartamcp.session.ClientDescription;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionEnd;
import dev.jakartamcp.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Revisions 2025-03-26, 2025-06-18 and 2025-11-25: the initialize handshake, sessions, GET streams and batches. */
@ApplicationScoped
public class LegacyExchanges {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final int SESSION_NOT_FOUND = -32001;
    private static final String PARAMS_NOT_AN_OBJECT = "Invalid params: params must be an object";

    @Inject
    McpDispatcher dispatcher;

    @Inject
    SessionStore sessions;

    @Inject
    LiveSessions lives;

    @Inject
    StreamTimers timers;

    @Inject
    McpSettings settings;

    @Inject
    HttpErrors errors;

    @Inject
    OpenStreams openStreams;

    @Inject
    StreamLog streamLog;

    @Inject
    SessionRelay relay;

    @Inject
    Observations observations;

    @Inject
    CallExecution calls;

    @Inject
    RateLimits rateLimits;

    void handle(IncomingPost post) {
        String versionHeader = post.header(VERSION_HEADER);
        if (post.message() instanceof JsonArray batch) {
            handleBatch(post, batch, versionHeader);
            return;
        }
        JsonObject message = (JsonObject) post.message();
        Message kind = Message.classify(message);
        if (kind == Message.INVALID) {
            post.fail(400, idOf(message), ErrorCode.INVALID_REQUEST,
                    JsonRpc.invalidRequest(message, "Invalid Request: not a JSON-RPC 2.0 request, notification or response"), null);
            return;
        }
        if (kind == Message.REQUEST && "initialize".equals(message.getString("method"))) {
            initialize(post, message);
            return;
        }
        if (versionHeader != null && ProtocolRevision.fromWire(versionHeader).isEmpty()) {
            post.fail(400, idOf(message), ErrorCode.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: "
                    + HttpChecks.sanitize(versionHeader), Errors.unsupportedVersionData(versionHeader));
            return;
        }
        Optional<McpSession> session = session(post.request(), post.caller());
        if (session.isEmpty()) {
            sessionProblem(post.request(), post.response(), post.sink(), idOf(message));
            return;
        }
        McpSession s = session.get();
        LiveSession live = liveStateOf(s);
        if (live == null) {
            sessionProblem(post.request(), post.response(), post.sink(), idOf(message));
            return;
        }
        switch (kind) {
            case RESPONSE -> {
                answer(s, live, message);
                new ResponseStream(post.response(), post.sink(), false, s.revision(), live, timers).accepted();
            }
            case NOTIFICATION -> {
                notification(s, live, message, post);
                new ResponseStream(post.response(), post.sink(), false, s.revision(), live, timers).accepted();
            }
            default -> request(post, s, live, message);
        }
    }

    private void initialize(IncomingPost post, JsonObject message) {
        JsonValue id = message.get("id");
        if (!(message.get("params") instanceof JsonObject params) || !(params.get("protocolVersion") instanceof JsonString requested)) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: initialize needs params.protocolVersion", null);
            return;
        }
        for (String member : List.of("capabilities", "clientInfo")) {
            if (neitherObjectNorAbsent(params.get(member))) {
                post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: " + member + " must be an object", null);
                return;
            }
        }
        JsonObject capabilities = params.get("capabilities") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        // the session keeps them (up to 4 KiB as sent) for author code, so they get the bound of every client value
        String hugeNumber = JsonNumbers.problem(capabilities);
        if (hugeNumber != null) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: capabilities: " + hugeNumber, null);
            return;
        }
        ProtocolRevision revision = dispatcher.negotiate(requested.getString());
        JsonObject clientInfo = params.get("clientInfo") instanceof JsonObject c ? c : null;
        Exchange handshake = Exchange.builder(revision, "initialize").requestId(id).params(params)
                .clientInfo(ClientDescription.boundedInfo(clientInfo)).caller(post.caller()).connection(post.connection()).traceHeaders(post.traceHeaders()).build();
        Observation observation = observations.begin(handshake);
        try (Telemetry.Scope scope = observation.makeCurrent()) {
            McpSession session;
            try {
                session = sessions.create(revision, capabilities, clientInfo, post.caller());
            } catch (McpException e) {
                observation.failed(e);
                if (e.reason() == McpException.Reason.OVER_CAPACITY && e.limit() == null) {
                    observation.reason("sessions"); // mcp.session.max; else the limit it names (the grid's bound)
                }
                errors.answer(post.request(), post.response(), post.sink(), id, e);
                return;
            }
            post.response().setHeader(SESSION_HEADER, session.id());
            new ResponseStream(post.response(), post.sink(), post.accept().sse(), revision, lives.of(session.id()), timers)
                    .jsonAccepted(post.accept().json()).answering(id)
                    .respond(JsonRpc.result(id, dispatcher.initializeResult(revision)), 200);
        } finally {
            observations.end(observation);
        }
    }

    /**
     * A client's response: to the question it answers when that waits here, else (a cluster) to the node that asked
     * it, named in its id. A response to no question a node of this server asked, or to one of this node's that no
     * longer waits (answered, timed out, its call ended), goes nowhere: no cluster traffic for what a client makes up.
     * An id in the form of an older version, which named no node, goes to every node (a rolling upgrade: the node
     * that asked may still be an older one).
     */
    private void answer(McpSession session, LiveSession live, JsonObject message) {
        String id = message.get("id").toString();
        if (live.answer(id, message)) {
            return;
        }
        LiveSession.askedBy(id).filter(node -> !node.equals(relay.node()))
                .ifPresent(node -> relay.answer(node, session.id(), id, message));
    }

    /**
     * A client's notification, observed like a request (span and {@code mcp.server.operation.duration} until it is
     * handled; a method outside the conventions' registry is {@code _OTHER} there), never audited: it uses no item.
     */
    private void notification(McpSession session, LiveSession live, JsonObject message, IncomingPost post) {
        String method = message.getString("method");
        JsonObject params = message.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        Observation observation = observations.begin(exchange(session, message, post, ExchangeChannel.NONE));
        try (Telemetry.Scope scope = observation.makeCurrent()) {
            switch (method) {
                case "notifications/initialized" -> session.markInitialized();
                case "notifications/cancelled" -> {
                    JsonValue requestId = params.get("requestId");
                    // only an id a request could have had is looked for here and on the other nodes
                    if (JsonRpc.isValidId(requestId) && !live.cancel(requestId.toString())) {
                        relay.cancel(session.id(), requestId.toString());
                    }
                }
                default -> {
                    // other client notifications (roots/list_changed, progress) need no action here
                }
            }
        } finally {
            observations.end(observation);
        }
    }

    private void request(IncomingPost post, McpSession session, LiveSession live, JsonObject message) {
        JsonValue id = message.get("id");
        if (hasNonObjectParams(message)) {
            post.fail(200, id, ErrorCode.INVALID_PARAMS, PARAMS_NOT_AN_OBJECT, null);
            return;
        }
        ResponseStream stream = new ResponseStream(post.response(), post.sink(), post.accept().sse(), session.revision(), live, timers)
                .jsonAccepted(post.accept().json()).answering(id);
        Exchange exchange = exchange(session, message, post, stream);
        live.started(id.toString(), exchange);
        try {
            calls.run(post, exchange.method(), () -> dispatcher.dispatch(exchange), outcome -> {
                if (exchange.isCancelled()) {
                    stream.abandon(id);
                } else if (outcome.error() != null) {
                    errors.respond(stream, id, outcome.error(), post.request());
                } else {
                    stream.respond(JsonRpc.result(id, outcome.result()), 200);
                }
            }, () -> live.ended(exchange), exchange);
        } catch (McpException refused) {
            live.ended(exchange);
            errors.respond(stream, id, refused, post.request());
        } catch (RuntimeException | Error e) {
            live.ended(exchange);
            throw e;
        }
    }

    private Exchange exchange(McpSession session, JsonObject message, IncomingPost post, ExchangeChannel channel) {
        return Exchange.builder(session.revision(), message.getString("method"))
                .requestId(message.get("id"))
                .params(message.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT)
                .clientCapabilities(session.clientCapabilities())
                .clientInfo(session.clientInfo())
                .session(session)
                .caller(post.caller())
                .connection(post.connection())
                .channel(channel)
                // broken while running: the default holds, logged once (readiness reports it), where every message failed
                // with a 500 though only a tool asking its client something waits this long
                .clientRequestTimeout(LiveFallback.read(settings::clientRequestTimeout, McpSettings.DEFAULT_CLIENT_REQUEST_TIMEOUT))
                .traceHeaders(post.traceHeaders())
                .build();
    }

    /**
     * 2025-03-26 allowed JSON-RPC batches; later revisions removed them. Answers are one JSON array. A batch of more
     * than {@code mcp.batch.max-size} messages is refused whole (400, -32600); an element that is not a message
     * object (a nested array, a scalar) gets its own Invalid Request answer, a request whose params are no object its
     * own Invalid params answer (as when sent alone). A batch with a request that runs author
     * code runs whole on the execution pool, its messages in turn, as one call (503 when the pool is full: then none
     * of it ran).
     */
    private void handleBatch(IncomingPost post, JsonArray batch, String versionHeader) {
        if (refusedVersion(versionHeader, post.response(), post.sink())) {
            return;
        }
        if (versionHeader != null && !versionHeader.equals(ProtocolRevision.V2025_03_26.wire())) {
            post.fail(400, null, ErrorCode.INVALID_REQUEST, "Invalid Request: JSON-RPC batches are only supported in protocol version 2025-03-26", null);
            return;
        }
        if (batch.isEmpty()) {
            post.fail(400, null, ErrorCode.INVALID_REQUEST, "Invalid Request: empty batch", null);
            return;
        }
        int maxSize = settings.maxBatchSize();
        if (batch.size() > maxSize) {
            // one thread would run every request of the batch in turn: refuse it whole, before anything runs
            post.fail(400, null, ErrorCode.INVALID_REQUEST, "Invalid Request: the batch holds " + batch.size()
                    + " messages, more than the limit of " + maxSize + " (mcp.batch.max-size)", null);
            return;
        }
        Optional<McpSession> found = session(post.request(), post.caller());
        if (found.isEmpty()) {
            sessionProblem(post.request(), post.response(), post.sink(), null);
            return;
        }
        McpSession session = found.get();
        if (session.revision() != ProtocolRevision.V2025_03_26) {
            post.fail(400, null, ErrorCode.INVALID_REQUEST, "Invalid Request: JSON-RPC batches are only supported in protocol version 2025-03-26", null);
            return;
        }
        LiveSession live = liveStateOf(session);
        if (live == null) {
            sessionProblem(post.request(), post.response(), post.sink(), null);
            return;
        }
        List<String> methods = new ArrayList<>();
        for (JsonValue element : batch) {
            if (element instanceof JsonObject message && Message.classify(message) == Message.REQUEST) {
                methods.add(message.getString("method"));
            }
        }
        ResponseStream stream = new ResponseStream(post.response(), post.sink(), false, session.revision(), live, timers);
        try {
            BatchRun run = new BatchRun();
            calls.runBatch(post, methods, () -> answers(batch, session, live, post, run), outcome -> {
                if (outcome.error() != null && HttpErrors.status(outcome.error(), session.revision()) == 200) {
                    // its deadline, the caller's revocation, a failure: the answers so far, and this error for each
                    // request not answered, so that every request gets one response the client can match by its id
                    stream.respond(run.answeredBy(outcome.error(), batch), 200);
                } else if (outcome.error() != null) {
                    errors.respond(stream, JsonValue.NULL, outcome.error(), post.request());
                } else if (outcome.result().isEmpty()) {
                    stream.accepted();
                } else {
                    stream.respond(outcome.result(), 200);
                }
            }, run::answering, run::answeredEarly);
        } catch (McpException refused) {
            errors.respond(stream, JsonValue.NULL, refused, post.request());
        }
    }

    /**
     * The requests of a batch, run one after the other: at the batch's deadline (or when the operator revokes its
     * token) the one running is cancelled and none after it starts; the batch was answered with the deadline's error.
     */
    static final class BatchRun {
        private volatile McpException answeredWith;
        private volatile Exchange running;
        /** The answers of the elements handled so far, in order; guarded by this. */
        private final List<JsonObject> answers = new ArrayList<>();
        /** How many elements of the batch were handled; guarded by this. */
        private int handled;
        /** Set once the batch is answered: nothing handled after counts; guarded by this. */
        private boolean closed;
        /** Requests of the batch come so far; only the batch's thread counts them. */
        private int requests;
        /** Why a request of the batch was refused by the caller's request rate; only the batch's thread sets it. */
        private McpException rateRefusal;

        /** Whether the request to run next is the batch's first (the one its POST was counted for). */
        boolean firstRequest() {
            return requests++ == 0;
        }

        /** The next element of the batch was handled, with {@code answer} (null: it needs none). */
        synchronized void handled(JsonObject answer) {
            if (!closed) {
                if (answer != null) {
                    answers.add(answer);
                }
                handled++;
            }
        }

        /** Every answer, once every element was handled. */
        synchronized JsonArray answers() {
            closed = true;
            JsonArrayBuilder all = JsonFactory.createArrayBuilder();
            answers.forEach(all::add);
            return all.build();
        }

        /**
         * The answers of the elements handled so far, then {@code error} for each request of {@code batch} after them
         * (the one running included, which is being cancelled), by its id; nothing handled later is added.
         */
        synchronized JsonArray answeredBy(McpException error, JsonArray batch) {
            closed = true;
            JsonArrayBuilder all = JsonFactory.createArrayBuilder();
            answers.forEach(all::add);
            for (int i = handled; i < batch.size(); i++) {
                if (batch.get(i) instanceof JsonObject message && Message.classify(message) == Message.REQUEST) {
                    all.add(JsonRpc.error(message.get("id"), error));
                }
            }
            return all.build();
        }

        /** {@code exchange} starts; answered early at once when the batch already is. */
        Exchange starting(Exchange exchange) {
            running = exchange;
            McpException answered = answeredWith;
            if (answered != null) {
                exchange.answeredEarly(answered);
            }
            return exchange;
        }

        /**
         * The batch is being answered with {@code error}: no request of it starts from now on, while the answer is
         * written (a client slow to read it would otherwise see requests it was told never started run meanwhile).
         */
        void answering(McpException error) {
            answeredWith = error;
        }

        /** The batch was answered with {@code error} (its deadline, its token revoked): the request running is cancelled. */
        void answeredEarly(McpException error) {
            answeredWith = error;
            Exchange current = running;
            if (current != null) {
                current.answeredEarly(error);
            }
        }

        boolean cancelled() {
            return answeredWith != null;
        }
    }

    /**
     * Handles every message of a batch in turn; the answers to its requests and to its invalid elements. When the
     * session ends meanwhile, the requests not run yet are answered as for a session not found (-32001): the answer is
     * plain JSON, which must answer each request (a 202 would leave the client waiting for them).
     */
    private JsonArray answers(JsonArray batch, McpSession session, LiveSession live, IncomingPost post, BatchRun run) {
        for (JsonValue element : batch) {
            if (run.cancelled() || live.isClosed()) {
                break; // answered at its deadline, or its session ended: nothing more of it runs
            }
            run.handled(answerTo(element, session, live, post, run));
        }
        return live.isClosed() && !run.cancelled() ? run.answeredBy(SESSION_ENDED_IN_BATCH, batch) : run.answers();
    }

    /** The answer to a batch's request its session's end kept from running. */
    private static final McpException SESSION_ENDED_IN_BATCH = new McpException(SESSION_NOT_FOUND,
            "Session not found: it ended before this request of the batch ran; initialize a new one");

    /** The answer to one element of a batch, or null for one that needs none (a notification, a response). */
    private JsonObject answerTo(JsonValue element, McpSession session, LiveSession live, IncomingPost post, BatchRun run) {
        if (element instanceof JsonArray) {
            return JsonRpc.error(null, ErrorCode.INVALID_REQUEST, "Invalid Request: a batch must not contain a nested array", null);
        }
        if (!(element instanceof JsonObject message) || Message.classify(message) == Message.INVALID) {
            // by the id it carries when that can be read, as the same message alone is answered: the client matches it
            return JsonRpc.error(element instanceof JsonObject invalid ? idOf(invalid) : null, ErrorCode.INVALID_REQUEST,
                    element instanceof JsonObject invalid ? JsonRpc.invalidRequest(invalid, "Invalid Request") : "Invalid Request", null);
        }
        switch (Message.classify(message)) {
            case RESPONSE -> {
                answer(session, live, message);
                return null;
            }
            case NOTIFICATION -> {
                notification(session, live, message, post);
                return null;
            }
            default -> {
                JsonValue id = message.get("id");
                if ("initialize".equals(message.getString("method"))) {
                    return JsonRpc.error(id, ErrorCode.INVALID_REQUEST, "Invalid Request: initialize must not be part of a batch", null);
                }
                if (hasNonObjectParams(message)) {
                    return JsonRpc.error(id, ErrorCode.INVALID_PARAMS, PARAMS_NOT_AN_OBJECT, null);
                }
                if (!run.firstRequest()) {
                    JsonObject refused = refusedByRate(post, id, run);
                    if (refused != null) {
                        return refused;
                    }
                }
                Exchange exchange = run.starting(exchange(session, message, post, ExchangeChannel.NONE));
                if (run.cancelled()) {
                    // the batch is being answered (its deadline, its token revoked, the stop) since the loop looked: the
                    // answer names this request as not run, so it does not run (this answer goes nowhere)
                    return JsonRpc.error(id, run.answeredWith);
                }
                // known to the session while it runs, as a single request is: notifications/cancelled naming its id, and
                // the session's end (DELETE, expiry), cancel it
                live.started(id.toString(), exchange);
                try {
                    JsonObject result = JsonRpc.result(id, dispatcher.dispatch(exchange));
                    return cancelledAlone(exchange, run) ? ResponseStream.cancelledAnswer(id) : result;
                } catch (McpException e) {
                    return cancelledAlone(exchange, run) ? ResponseStream.cancelledAnswer(id) : JsonRpc.error(id, e);
                } finally {
                    live.ended(exchange);
                }
            }
        }
    }

    /**
     * A batch's request after its first counts against {@code mcp.rate-limit.requests-per-minute} as it would sent
     * alone (the POST counted the first): its -31429 answer when the caller is over it, else null. Once one request
     * of the batch was refused, the rest are refused alike without counting again: over the limit a moment ago, the
     * caller still is, and a counter's grid that did not answer must not be waited for once per request.
     */
    private JsonObject refusedByRate(IncomingPost post, JsonValue id, BatchRun run) {
        McpException refusal = run.rateRefusal;
        if (refusal == null) {
            try {
                rateLimits.checkRequest(post.caller());
                return null;
            } catch (McpException e) {
                refusal = e;
                run.rateRefusal = e;
            }
        }
        boolean limited = refusal.reason() == McpException.Reason.RATE_LIMITED;
        // otherwise the counter's grid did not answer (mcp.cluster.grid-timeout)
        observations.refused(post.caller(), "POST /mcp", limited ? AuditRecord.Outcome.RATE_LIMITED : AuditRecord.Outcome.UNAVAILABLE,
                limited ? "requests" : refusal.limit(), post.request().getHeader("traceparent"));
        return JsonRpc.error(id, refusal);
    }

    /**
     * Whether a batch's request was cancelled by its client (or its session's end) rather than with the batch (a batch
     * answered at its deadline answers each with the deadline's error). A batch is answered as plain JSON, which cannot
     * leave a request without a response as a stream does: such a request is answered "cancelled", as a single one is.
     */
    private static boolean cancelledAlone(Exchange exchange, BatchRun run) {
        return exchange.isCancelled() && !run.cancelled();
    }


    void openStandaloneStream(HttpServletRequest request, HttpServletResponse response, HttpSink sink, Caller caller) {
        String versionHeader = request.getHeader(VERSION_HEADER);
        if (ProtocolRevision.namesModern(versionHeader)) {
            response.setHeader("Allow", "POST");
            McpServlet.fail(response, sink, 405, ErrorCode.INVALID_REQUEST, "Method Not Allowed: protocol version " + versionHeader + " has no GET stream; use subscriptions/listen");
            return;
        }
        if (refusedVersion(versionHeader, response, sink)) {
            return;
        }
        if (!HttpChecks.acceptance(request).sse()) {
            McpServlet.fail(response, sink, 406, ErrorCode.INVALID_REQUEST, "Not Acceptable: a GET stream needs Accept: text/event-stream");
            return;
        }
        Optional<McpSession> found = session(request, caller);
        if (found.isEmpty()) {
            sessionProblem(request, response, sink, null);
            return;
        }
        McpSession session = found.get();
        try {
            openStreams.open(caller, "GET /mcp", sink, sink::complete, null, request.getHeader("traceparent"));
        } catch (McpException e) {
            observations.refusedAtLimit(caller, "GET /mcp", e, request.getHeader("traceparent")); // the streams limits audit their own
            errors.answer(request, response, sink, JsonValue.NULL, e);
            return;
        }
        LiveSession live = lives.of(session.id());
        if (sessions.peek(session.id()).isEmpty()) {
            // a DELETE or the expiry ended the session since it was found; its end may have come before the live
            // state above was made for it, which then nobody would drop
            lives.forget(live);
            sessionProblem(request, response, sink, null);
            return;
        }
        String lastEventId = request.getHeader("Last-Event-ID");
        String resumedId = EventStream.streamIdOf(lastEventId);
        EventStream resumed = live.stream(resumedId);
        // the grid is asked before the 200 goes out: a grid that does not answer is a 503 the client retries, not an
        // empty stream
        Optional<StreamLog.Shared> shared = Optional.empty();
        List<StreamLog.Entry> missed = List.of();
        if (resumed == null && resumedId != null) {
            try {
                shared = streamLog.find(resumedId).filter(s -> s.sessionId().equals(session.id()));
                if (shared.isPresent() && !servedElsewhere(shared.get())) {
                    missed = streamLog.after(resumedId, EventStream.sequenceOf(lastEventId));
                }
            } catch (McpException e) {
                observations.refusedAtLimit(caller, "GET /mcp", e, request.getHeader("traceparent"));
                errors.answer(request, response, sink, JsonValue.NULL, e);
                return;
            }
        }
        response.setStatus(200);
        SseHeaders.apply(response);
        try {
            response.flushBuffer();
        } catch (IOException e) {
            sink.markGone();
            sink.complete();
            return;
        }
        if (resumed != null) {
            if (resumed.isGetStream() && !resumed.isFinished()) {
                // a resumed stream goes on: if a newer GET replaced it and has lost its connection, it is the session's
                // GET stream again (the newer one's events kept), so that it hears the session's notices
                live.resumeStandalone(resumed, caller);
            }
            resumed.resume(sink, EventStream.sequenceOf(lastEventId));
            if (live.endIfClosed(resumed)) {
                return;
            }
            keepAlive(resumed, sink, session.id());
            lives.endIfDrained(resumed);
            return;
        }
        if (shared.isPresent()) {
            if (servedElsewhere(shared.get())) {
                // asked every quarter of the idle timeout at most: its lookup keeps the session of a client that
                // listens here alive, as a GET stream of this node does (LiveSessions.keepBusyAlive)
                java.time.Duration askEvery = sessions.idleTimeout().dividedBy(4);
                lives.followed(StreamFollower.follow(streamLog, timers, resumedId, EventStream.sequenceOf(lastEventId), sink,
                        () -> timers.gridPaused() || sessions.find(session.id()).isPresent(),
                        askEvery.toMillis() < timers.keepAliveMillis() ? askEvery : java.time.Duration.ofMillis(timers.keepAliveMillis()),
                        session.revision().atLeast(ProtocolRevision.V2025_11_25)));
                return;
            }
            // the GET stream of a node that stopped or drained: what it sent after the client's last event, then this
            // node's own GET stream for the session (else the client would resume an ended stream again and again)
            for (StreamLog.Entry e : missed) {
                sink.write(new SseEvent(resumedId + "_" + e.sequence(), e.data()).wire());
            }
        }
        EventStream stream = live.open(sink, null);
        live.standalone(stream, caller);
        if (live.endIfClosed(stream)) {
            return;
        }
        if (session.revision().atLeast(ProtocolRevision.V2025_11_25)) {
            stream.prime(timers.retryMillis());
        }
        keepAlive(stream, sink, session.id());
        lives.endIfDrained(stream);
    }


    /** Written by another node of the cluster: a request's stream, or a GET stream that node still serves. */
    private static boolean servedElsewhere(StreamLog.Shared other) {
        return other.requestId() != null || (!other.finished() && other.ownerAlive());
    }

    /** Comments on an idle stream keep intermediaries from closing it, reveal a vanished client, and keep the session alive. */
    private void keepAlive(EventStream stream, HttpSink sink, String sessionId) {
        // an open stream counts as activity (it keeps the idle timer going) but not beyond mcp.session.max-age
        timers.keepAlive(sink, () -> {
            if (stream.isFinished() && !stream.isConnected() || !stream.comment("keep-alive")) {
                return false;
            }
            if (timers.gridPaused()) {
                return true;
            }
            stream.shareLoss(); // on the grid's timer thread, beside the keep-alive's own grid read
            return sessions.find(sessionId).isPresent();
        }, !sessions.inMemory());
    }

    void deleteSession(HttpServletRequest request, HttpServletResponse response, HttpSink sink, Caller caller) {
        String versionHeader = request.getHeader(VERSION_HEADER);
        if (ProtocolRevision.namesModern(versionHeader)) {
            response.setHeader("Allow", "POST");
            McpServlet.fail(response, sink, 405, ErrorCode.INVALID_REQUEST, "Method Not Allowed: protocol version " + versionHeader + " has no sessions");
            return;
        }
        if (refusedVersion(versionHeader, response, sink)) {
            return;
        }
        Optional<McpSession> found = session(request, caller);
        if (found.isEmpty()) {
            sessionProblem(request, response, sink, null);
            return;
        }
        sessions.remove(found.get().id(), SessionEnd.DELETED);
        response.setStatus(200);
        response.setContentLength(0);
        sink.complete();
    }

    /** Answers 400 (-32022) when the GET, DELETE or batch names a protocol version this server does not know. */
    private static boolean refusedVersion(String versionHeader, HttpServletResponse response, HttpSink sink) {
        if (versionHeader == null || ProtocolRevision.fromWire(versionHeader).isPresent()) {
            return false;
        }
        McpServlet.fail(response, sink, 400, JsonValue.NULL, ErrorCode.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol version: " + HttpChecks.sanitize(versionHeader), Errors.unsupportedVersionData(versionHeader));
        return true;
    }

    /**
     * The live state of {@code session}, found for a POST; null when a DELETE, an eviction or the expiry ended the
     * session since it was found, before that state was made: nobody would close it, and the request would run as if
     * its session lived. Looked at in memory only, where it costs nothing; a grid session's end reaches this node
     * later anyway.
     */
    private LiveSession liveStateOf(McpSession session) {
        LiveSession live = lives.of(session.id());
        if (sessions.inMemory() && sessions.peek(session.id()).isEmpty()) {
            lives.forget(live);
            return null;
        }
        return live;
    }

    /** The caller's session named by the request; a session of another caller is treated as unknown. */
    private Optional<McpSession> session(HttpServletRequest request, Caller caller) {
        String id = request.getHeader(SESSION_HEADER);
        if (id == null) {
            return Optional.empty();
        }
        return sessions.find(id.trim(), caller.bindingKey());
    }

    private void sessionProblem(HttpServletRequest request, HttpServletResponse response, HttpSink sink, JsonValue id) {
        if (request.getHeader(SESSION_HEADER) == null) {
            McpServlet.fail(response, sink, 400, id == null ? JsonValue.NULL : id, ErrorCode.INVALID_REQUEST,
                    "Bad Request: Mcp-Session-Id header is required (send initialize first)", null);
        } else {
            McpServlet.fail(response, sink, 404, id == null ? JsonValue.NULL : id, SESSION_NOT_FOUND,
                    "Session not found: it expired, was deleted or never existed; initialize a new one", null);
        }
    }

    /** MCP params are an object: a request with params of another type (an array, a scalar, null) gets -32602. */
    private static boolean hasNonObjectParams(JsonObject message) {
        return message.containsKey("params") && !(message.get("params") instanceof JsonObject);
    }

    /**
     * Whether a member the schema has as an object is of another type. Left out or JSON null, it counts as absent:
     * some clients send no capabilities or client info, and such a client declares nothing.
     */
    static boolean neitherObjectNorAbsent(JsonValue member) {
        return member != null && member.getValueType() != JsonValue.ValueType.NULL && !(member instanceof JsonObject);
    }

    static JsonValue idOf(JsonObject message) {
        JsonValue id = message.get("id");
        return JsonRpc.isValidId(id) ? id : JsonValue.NULL;
    }

    /**
     * Whether {@code message} only answers or notifies (responses, notifications, a batch of them): what a session may
     * still send while the server drains, as its running calls may wait for it. A request would start new work.
     */
    static boolean startsNoWork(JsonStructure message) {
        if (message instanceof JsonObject m) {
            Message kind = Message.classify(m);
            return kind == Message.RESPONSE || kind == Message.NOTIFICATION && !"initialize".equals(m.getString("method"));
        }
        JsonArray batch = (JsonArray) message;
        return !batch.isEmpty() && batch.stream().allMatch(v -> v instanceof JsonObject m && startsNoWork(m));
    }

    /** What kind of JSON-RPC message an object is. */
    enum Message {
        REQUEST, NOTIFICATION, RESPONSE, INVALID;

        static Message classify(JsonObject m) {
            if (!(m.get("jsonrpc") instanceof JsonString v) || !v.getString().equals("2.0")) {
                return INVALID;
            }
            JsonValue method = m.get("method");
            if (method != null) {
                if (!(method instanceof JsonString)) {
                    return INVALID;
                }
                if (!m.containsKey("id")) {
                    return NOTIFICATION;
                }
                return JsonRpc.isValidId(m.get("id")) ? REQUEST : INVALID;
            }
            if ((m.containsKey("result") || m.containsKey("error")) && JsonRpc.isValidId(m.get("id"))) {
                return RESPONSE;
            }
            return INVALID;
        }
    }

}
