package dev.jakartamcp.transport;

import dev.jakartamcp.limits.KeyedCounts;
import dev.jakartamcp.limits.RateLimits;
import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MCP endpoint. One URL for every revision: POST carries JSON-RPC messages; GET opens a legacy session's
 * stream; DELETE ends a legacy session. Checks that apply to every message happen here; the rest is in
 * {@link LegacyExchanges} and {@link ModernExchanges}.
 *
 * <p>Every answer, errors included, is JSON: 403 (-32600) for a refused Host or Origin, 400 (-32600) for a repeated
 * MCP header, 415/406 for Content-Type/Accept, 413 for a body over {@code mcp.max-request-bytes}, 400 (-32700) for a
 * body that is no strict JSON ({@link StrictJson}), 405 for other HTTP methods, 503 (-31503) while the server stops
 * ({@link EndpointDrain}), and 500 (-32603 "Internal error", the
 * detail only in the log) for any unexpected failure.
 */
@WebServlet(urlPatterns = "/mcp", asyncSupported = true, loadOnStartup = 1)
public class McpServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(McpServlet.class.getName());
    static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    /** When a caller refused for its bodies being read may try again: one of them will most likely have arrived. */
    static final Duration BODY_RETRY_AFTER = Duration.ofSeconds(1);

    /** Request bodies being read per caller ({@link Caller#quotaKey()}); only keys with one being read are held. */
    private final KeyedCounts bodiesBeingRead = new KeyedCounts();

    @Inject
    McpSettings settings;

    @Inject
    HttpChecks checks;

    @Inject
    LegacyExchanges legacy;

    @Inject
    ModernExchanges modern;

    @Inject
    CallerResolver callers;

    @Inject
    RateLimits rateLimits;

    @Inject
    HttpErrors errors;

    @Inject
    Observations observations;

    @Inject
    Drain drain;

    @Inject
    LateAuthentication authentication;

    @Inject
    CorsHeaders cors;

    @Inject
    EndpointDrain drainer;

    /**
     * A POST's response stays the container's ordinary one while this thread answers it ({@link HttpSink#deferred});
     * whatever is still to be written when it returns goes through async mode ({@link HttpSink#detach}).
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        HttpSink sink = HttpSink.deferred(request, response);
        try {
            boolean entered = drain.enter();
            // once the drain began, a session's POST is still read while calls run: its client's answer to a question
            // of one, or a cancellation of one, lets that call end within the grace (new work is refused); so is a
            // 2026-07-28 request that only reads or steers a running task (tasks/get, tasks/update, tasks/cancel);
            // counted, so that the drain waits for it too, but not as work that lets further such POSTs in
            boolean answering = !entered && mayFollowRunningWork(request) && drain.enterWhileRunning();
            if (!entered && !answering) {
                refuseWhileDraining(request, response, sink);
                return;
            }
            try {
                answer(request, response, sink, answering);
            } finally {
                if (answering) {
                    drain.exitAnswering();
                } else {
                    drain.exit();
                }
            }
        } finally {
            sink.detach();
            drainer.answered();
        }
    }

    /** {@link #post}, its refusal or unexpected failure answered as JSON, never left to the container. */
    private void answer(HttpServletRequest request, HttpServletResponse response, HttpSink sink, boolean draining) {
        try {
            post(request, response, sink, draining);
        } catch (McpException e) {
            refused(request, response, sink, e);
        } catch (RuntimeException | Error e) {
            unexpected("POST", request, response, sink, e);
        }
    }

    /** Whether a POST may only answer or follow running work, by its headers (its body decides, once read). */
    private boolean mayFollowRunningWork(HttpServletRequest request) {
        return request.getHeader(LegacyExchanges.SESSION_HEADER) != null || modern.followsWork(request.getHeader("Mcp-Method"));
    }

    @Override
    public void init() throws ServletException {
        super.init();
        drainer.endpoint(this::takeWhileUnavailable);
    }

    /**
     * A POST to the endpoint that the container refused with its own 503 because the application stops: Payara marks
     * it unavailable before it stops its servlets, and sends every new request to the error page from then on, so that
     * without this the answers and task requests {@link #doPost} lets through during the drain would never arrive. The
     * error page hands such a POST here; it is taken, as {@code doPost} takes it once the drain has begun, when it may
     * only answer or follow running work, while work runs. The container did not authenticate it: that is done here,
     * by the WAR's own authentication ({@link LateAuthentication}), whose refusal is then the answer.
     *
     * @return whether it was taken (and answered); if not, nothing was written
     */
    boolean takeWhileUnavailable(HttpServletRequest request, HttpServletResponse response) {
        if (!"POST".equals(request.getMethod()) || !mayFollowRunningWork(request) || !drain.enterWhileRunning()) {
            return false;
        }
        try {
            HttpServletRequest endpoint = asTheEndpoint(request);
            response.resetBuffer();
            response.setStatus(200); // the container's 503, until this answer sets its own
            if (!(endpoint.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller)
                    && !authentication.authenticatedAsEndpoint(endpoint, response)) {
                return true; // refused, and answered so
            }
            cors.apply(endpoint, response); // as CorsFilter, which runs on the endpoint's own requests only
            HttpSink sink = HttpSink.deferred(endpoint, response);
            try {
                answer(endpoint, response, sink, true);
            } finally {
                sink.detach();
            }
            return true;
        } finally {
            drain.exitAnswering();
        }
    }

    /**
     * The error page's request as the endpoint's: its path is the one the client sent, not the error page's, for what
     * decides by path (the authentication, CORS).
     */
    private static HttpServletRequest asTheEndpoint(HttpServletRequest request) {
        String uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String sent ? sent : request.getRequestURI();
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getServletPath() {
                return "/mcp";
            }

            @Override
            public String getPathInfo() {
                return null;
            }

            @Override
            public String getRequestURI() {
                return uri;
            }
        };
    }

    /**
     * The container takes the endpoint out of service (undeploy, shutdown): the graceful drain begins. It does not
     * wait here ({@link EndpointDrain#begin()}); {@link EndpointDrain.AwaitOnStop} does.
     */
    @Override
    public void destroy() {
        drainer.begin();
        super.destroy();
    }

    /**
     * A request refused before it became an operation (one that did is audited and answered by its exchange). One at a
     * limit that names itself — the data grid did not answer within {@code mcp.cluster.grid-timeout} — is audited as
     * UNAVAILABLE with that reason, as the other refusals before an operation are.
     */
    private void refused(HttpServletRequest request, HttpServletResponse response, HttpSink sink, McpException e) {
        observations.refusedAtLimit(auditedCaller(request), request.getMethod() + " /mcp", e, request.getHeader("traceparent"));
        errors.answer(request, response, sink, JsonValue.NULL, e);
    }

    /** 503 while the server stops, audited as UNAVAILABLE with reason {@code draining}. */
    private void refuseWhileDraining(HttpServletRequest request, HttpServletResponse response, HttpSink sink) {
        observations.refused(auditedCaller(request), request.getMethod() + " /mcp", AuditRecord.Outcome.UNAVAILABLE, "draining",
                request.getHeader("traceparent"));
        errors.answer(request, response, sink, JsonValue.NULL, EndpointDrain.shuttingDown());
    }

    /**
     * Whom a refusal is audited for: the request's caller, or an anonymous one of its address when it has none (a
     * path some container routed past authentication, refused by {@link CallerResolver} with 403: resolving it again
     * here threw out of the refusal, and the request got 500 and a SEVERE stack trace).
     */
    private static Caller auditedCaller(HttpServletRequest request) {
        return request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller ? caller : Caller.anonymous(request.getRemoteAddr());
    }

    /**
     * Counts a POST, GET or DELETE of {@code caller} against {@code mcp.rate-limit.requests-per-minute}; false once its refusal
     * (429, or 503 when the counter's grid did not answer) is answered and audited.
     */
    private boolean withinRequestRate(Caller caller, HttpServletRequest request, HttpServletResponse response, HttpSink sink) {
        try {
            rateLimits.checkRequest(caller);
            return true;
        } catch (McpException e) {
            String what = request.getMethod() + " /mcp";
            if (e.reason() == McpException.Reason.RATE_LIMITED) {
                observations.refused(caller, what, AuditRecord.Outcome.RATE_LIMITED, "requests", request.getHeader("traceparent"));
            } else {
                // the counter's grid did not answer (mcp.cluster.grid-timeout)
                observations.refused(caller, what, AuditRecord.Outcome.UNAVAILABLE, e.limit(), request.getHeader("traceparent"));
            }
            errors.answer(request, response, sink, JsonValue.NULL, e);
            return false;
        }
    }

    /**
     * {@code draining}: the drain began before this POST came; only a session's answers and notifications, and the
     * 2026-07-28 requests that follow running work, pass.
     */
    private void post(HttpServletRequest request, HttpServletResponse response, HttpSink sink, boolean draining) {
        if (refusedByGuards(request, response, sink, draining)) {
            return;
        }
        Caller caller = callers.resolve(request);
        if (!withinRequestRate(caller, request, response, sink)) {
            return;
        }
        if (!HttpChecks.hasJsonContentType(request)) {
            fail(response, sink, 415, ErrorCode.INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        Optional<String> encoding = HttpChecks.contentEncodingProblem(request);
        if (encoding.isPresent()) {
            // the body is left unread: the connection cannot be reused
            response.setHeader("Connection", "close");
            response.setHeader("Accept-Encoding", "identity");
            fail(response, sink, 415, ErrorCode.INVALID_REQUEST, "Unsupported Media Type: " + encoding.get());
            return;
        }
        HttpChecks.Acceptance accept = HttpChecks.acceptance(request);
        if (accept.none()) {
            fail(response, sink, 406, ErrorCode.INVALID_REQUEST,
                    "Not Acceptable: Accept must list application/json and text/event-stream");
            return;
        }
        Optional<JsonStructure> message = readMessageOf(caller, request, response, sink);
        if (message.isEmpty()) {
            return;
        }
        IncomingPost post = new IncomingPost(request, response, sink, message.get(), accept, caller);
        if (draining && !LegacyExchanges.startsNoWork(message.get()) && !modern.followsWork(post)) {
            refuseWhileDraining(request, response, sink);
            return;
        }
        if (modern.claims(post)) {
            modern.handle(post);
        } else {
            legacy.handle(post);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        HttpSink sink = HttpSink.start(request, response);
        try {
            if (refusedByGuards(request, response, sink)) {
                return;
            }
            // a GET costs what a POST does, and more (a resume replays up to a stream's kept events; in a cluster it
            // reads and writes the grid): counted as one, so that a caller cannot loop on it unbounded
            Caller caller = callers.resolve(request);
            if (withinRequestRate(caller, request, response, sink)) {
                legacy.openStandaloneStream(request, response, sink, caller);
            }
        } catch (McpException e) {
            refused(request, response, sink, e);
        } catch (RuntimeException | Error e) {
            unexpected("GET", request, response, sink, e);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        HttpSink sink = HttpSink.start(request, response);
        try {
            if (refusedByGuards(request, response, sink)) {
                return;
            }
            Caller caller = callers.resolve(request); // a DELETE looks the session up too: counted as a request
            if (withinRequestRate(caller, request, response, sink)) {
                legacy.deleteSession(request, response, sink, caller);
            }
        } catch (McpException e) {
            refused(request, response, sink, e);
        } catch (RuntimeException | Error e) {
            unexpected("DELETE", request, response, sink, e);
        }
    }

    /** An OPTIONS request that is no CORS preflight (CorsFilter answers those): the methods of the endpoint. */
    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", ALLOWED_METHODS);
        response.setStatus(200);
        response.setContentLength(0);
    }

    /**
     * Every request passes here: GET, POST, DELETE and OPTIONS go to their methods, the rest get 405. Whatever escapes
     * (a failure before the async context exists, or in answering) is answered here as a JSON-RPC error, never left to
     * the container's error page.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        String method = request.getMethod();
        try {
            if (!isExactlyTheEndpoint(request)) {
                // "/mcp;x=y/", "/mcp/…": some containers route path variants here past URL-mapped filters and
                // constraints; the endpoint has exactly one URL
                writeWithoutSink(request, response, 404, JsonRpc.error(null, ErrorCode.INVALID_REQUEST,
                        "Not Found: the MCP endpoint is " + request.getContextPath() + "/mcp", null));
                return;
            }
            switch (method) {
                case "GET", "POST", "DELETE", "OPTIONS" -> super.service(request, response);
                default -> methodNotAllowed(request, response);
            }
        } catch (ServletException | IOException | RuntimeException | Error e) {
            unexpected(method, request, response, null, e);
        }
    }

    static boolean isExactlyTheEndpoint(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        return request.getPathInfo() == null && uri != null && uri.equals(context + "/mcp");
    }

    private void methodNotAllowed(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", ALLOWED_METHODS);
        writeWithoutSink(request, response, 405, JsonRpc.error(null, ErrorCode.INVALID_REQUEST, "Method Not Allowed", null));
    }

    /**
     * Answers an unexpected failure with 500 and a JSON-RPC "Internal error" that tells nothing more; the detail goes
     * to the log. When the response is already committed (an SSE stream has begun, or headers went out) its status
     * cannot change any more: the response is just ended. Failures while answering are logged and swallowed, so that
     * nothing reaches the container, whose error page would tell more than it should.
     */
    void unexpected(String method, HttpServletRequest request, HttpServletResponse response, HttpSink sink, Throwable failure) {
        LOG.log(Level.SEVERE, "Unexpected failure handling an MCP " + method, failure);
        try {
            if (response.isCommitted()) {
                end(request, sink);
                return;
            }
            response.resetBuffer();
            JsonObject error = JsonRpc.error(null, ErrorCode.INTERNAL_ERROR, "Internal error", null);
            if (sink != null) {
                ResponseStream.writeJson(response, sink, 500, error);
            } else {
                writeWithoutSink(request, response, 500, error);
            }
        } catch (RuntimeException | Error again) {
            LOG.log(Level.FINE, "could not answer the failure of an MCP " + method, again);
            end(request, sink);
        }
    }

    /** Ends a response: through its sink, or by completing the async context if one was started without a sink. */
    private static void end(HttpServletRequest request, HttpSink sink) {
        try {
            if (sink != null) {
                sink.complete();
            } else if (request.isAsyncStarted()) {
                request.getAsyncContext().complete();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not end the response", e);
        }
    }

    /** A JSON answer for a request that has no {@link HttpSink} (yet); completes the async context if one was started. */
    private static void writeWithoutSink(HttpServletRequest request, HttpServletResponse response, int status, JsonObject body) {
        try {
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "could not write an MCP error answer", e);
        } finally {
            end(request, null);
        }
    }

    /**
     * A drain in progress (503, audited as UNAVAILABLE with reason {@code draining}), Host and Origin (403), then
     * headers that must occur at most once (400), before anything reads them.
     */
    private boolean refusedByGuards(HttpServletRequest request, HttpServletResponse response, HttpSink sink) {
        return refusedByGuards(request, response, sink, false);
    }

    /** As {@link #refusedByGuards(HttpServletRequest, HttpServletResponse, HttpSink)}; {@code answersPass}: not the drain. */
    private boolean refusedByGuards(HttpServletRequest request, HttpServletResponse response, HttpSink sink, boolean answersPass) {
        if (!answersPass && drain.draining()) {
            refuseWhileDraining(request, response, sink);
            return true;
        }
        Optional<String> problem = checks.hostProblem(request).or(() -> checks.originProblem(request));
        if (problem.isPresent()) {
            fail(response, sink, 403, ErrorCode.INVALID_REQUEST, "Forbidden: " + problem.get());
            return true;
        }
        Optional<String> repeated = HttpChecks.repeatedHeader(request);
        if (repeated.isPresent()) {
            if (HttpChecks.isValidatedHeader(repeated.get())) {
                // headers 2026-07-28 validates, answering one that is malformed with HeaderMismatch: a 400 without a
                // modern error code tells a client the server is a legacy one (streamable-http, Backward Compatibility);
                // audited as a mismatch of one is: an intermediary reading the first line routed by another value
                observations.refused(auditedCaller(request), request.getMethod() + " /mcp", AuditRecord.Outcome.INVALID,
                        "header_mismatch", request.getHeader("traceparent"));
                fail(response, sink, 400, ErrorCode.HEADER_MISMATCH, "Header mismatch: more than one " + repeated.get() + " header");
            } else {
                fail(response, sink, 400, ErrorCode.INVALID_REQUEST, "Bad Request: more than one " + repeated.get() + " header");
            }
            return true;
        }
        return false;
    }

    /**
     * {@link #readMessage} while the caller has fewer than {@code mcp.request-body.max-per-caller} bodies being read,
     * else empty after answering 429: a body arrives at the client's pace and holds one of the container's threads
     * meanwhile, so one caller trickling many bodies at once would hold them all.
     */
    private Optional<JsonStructure> readMessageOf(Caller caller, HttpServletRequest request, HttpServletResponse response, HttpSink sink) {
        int max = settings.maxRequestBodiesPerCaller();
        String key = caller.quotaKey();
        AtomicInteger reading = bodiesBeingRead.enter(key, max);
        if (reading == null) {
            rateLimits.bodyRefused();
            observations.refused(caller, "POST /mcp", AuditRecord.Outcome.RATE_LIMITED, "request-body", request.getHeader("traceparent"));
            response.setHeader("Connection", "close");
            errors.answer(request, response, sink, JsonValue.NULL, McpException.rateLimited("Too Many Requests: a caller sends at most "
                    + max + " request bodies at once (mcp.request-body.max-per-caller); try again when one has arrived", BODY_RETRY_AFTER));
            return Optional.empty();
        }
        try {
            return readMessage(request, response, sink);
        } finally {
            bodiesBeingRead.exit(key, reading);
        }
    }

    /**
     * The body as a JSON object or array, or empty after answering: 413 when too large, 408 when it did not arrive
     * within {@code mcp.request-body.timeout}, 400 with -32700 when it is no strict JSON ({@link StrictJson}), 400
     * with -32600 when it is a JSON scalar.
     */
    private Optional<JsonStructure> readMessage(HttpServletRequest request, HttpServletResponse response, HttpSink sink) {
        int maxDepth = settings.maxJsonDepth();
        int maxValues = settings.maxJsonValues();
        Optional<byte[]> body;
        try {
            body = readBody(request, response, sink, new BodyDeadline(settings.requestBodyTimeout()));
        } catch (BodyDeadline.Passed e) {
            response.setHeader("Connection", "close");
            fail(response, sink, 408, ErrorCode.INVALID_REQUEST, "Request Timeout: the body did not arrive within "
                    + e.timeout() + " (mcp.request-body.timeout)");
            return Optional.empty();
        }
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonValue parsed;
        try {
            parsed = StrictJson.parse(body.get(), maxDepth, maxValues);
        } catch (StrictJson.Malformed e) {
            fail(response, sink, 400, e.code(), e.getMessage());
            return Optional.empty();
        }
        // valid JSON that is neither an object nor an array (42, "x", true, null) is no JSON-RPC message
        if (!(parsed instanceof JsonStructure message)) {
            fail(response, sink, 400, ErrorCode.INVALID_REQUEST,
                    "Invalid Request: the body must be a JSON-RPC message (an object) or a batch (an array)");
            return Optional.empty();
        }
        return Optional.of(message);
    }

    /** The body, or empty after answering 413 when it is larger than {@code mcp.max-request-bytes}. */
    private Optional<byte[]> readBody(HttpServletRequest request, HttpServletResponse response, HttpSink sink, BodyDeadline deadline) {
        long max = settings.maxRequestBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            response.setHeader("Connection", "close");
            fail(response, sink, 413, ErrorCode.INVALID_REQUEST, "Payload Too Large: the limit is " + max + " bytes");
            return Optional.empty();
        }
        if (declared > 0) {
            return readDeclared(request, response, sink, (int) declared, deadline);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        long total = 0;
        // never closed here: the container owns the stream, and Liberty's close() throws the read's own exception again,
        // which a try-with-resources would add to itself as suppressed (IllegalArgumentException instead of this 400)
        try {
            InputStream in = request.getInputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                deadline.check();
                total += n;
                if (total > max) {
                    response.setHeader("Connection", "close");
                    fail(response, sink, 413, ErrorCode.INVALID_REQUEST, "Payload Too Large: the limit is " + max + " bytes");
                    return Optional.empty();
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away, or sent a broken chunked encoding
            response.setHeader("Connection", "close");
            fail(response, sink, 400, ErrorCode.INVALID_REQUEST, "Bad Request: the body could not be read");
            return Optional.empty();
        }
        if (total == 0) {
            fail(response, sink, 400, ErrorCode.PARSE_ERROR, "Parse error: empty body");
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    /** The array a declared body is first read into; it doubles up to the declared length as the bytes come. */
    static final int FIRST_READ_BYTES = 64 * 1024;

    /**
     * A body whose length the request declared (at most {@code mcp.max-request-bytes}): read straight into an array of
     * that size, no copy buffer (the usual case; the container ends the stream at the declared length). A large one
     * grows with the bytes that came, from {@link #FIRST_READ_BYTES}: a client that declares the limit and sends a
     * trickle must not hold that many bytes of the heap per connection before it sent them.
     */
    private Optional<byte[]> readDeclared(HttpServletRequest request, HttpServletResponse response, HttpSink sink, int length,
                                          BodyDeadline deadline) {
        byte[] body = new byte[Math.min(length, FIRST_READ_BYTES)];
        int read = 0;
        try {
            InputStream in = request.getInputStream();
            while (read < length) {
                if (read == body.length) {
                    body = java.util.Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
                }
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                deadline.check();
                read += n;
            }
            if (read == length) {
                return Optional.of(body);
            }
        } catch (IOException e) {
            // the client went away
        }
        response.setHeader("Connection", "close");
        fail(response, sink, 400, ErrorCode.INVALID_REQUEST, "Bad Request: the body could not be read");
        return Optional.empty();
    }

    static void fail(HttpServletResponse response, HttpSink sink, int status, int code, String message) {
        fail(response, sink, status, JsonValue.NULL, code, message, null);
    }

    /**
     * Answers a JSON-RPC error with {@code status}. A response already committed (its headers, maybe an SSE stream,
     * went out) can change neither status nor type, so it is only ended.
     */
    static void fail(HttpServletResponse response, HttpSink sink, int status, JsonValue id, int code, String message, JsonValue data) {
        if (response.isCommitted()) {
            sink.complete();
            return;
        }
        ResponseStream.writeJson(response, sink, status, JsonRpc.error(id, code, message, data));
    }
}
