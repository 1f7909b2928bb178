package dev.jakartamcp.transport;

import dev.jakartamcp.limits.RateLimits;
import dev.jakartamcp.ops.AuditTrail;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The MCP endpoint. One URL for every revision: POST carries JSON-RPC messages; GET opens a legacy session's
 * stream; DELETE ends a legacy session. Checks that apply to every message happen here; the rest is in
 * {@link LegacyExchanges} and {@link ModernExchanges}.
 */
@WebServlet(urlPatterns = "/mcp", asyncSupported = true, loadOnStartup = 1)
public class McpServlet extends HttpServlet {

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
    AuditTrail audit;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSink sink = HttpSink.start(request, response);
        try {
            if (refusedByGuards(request, response, sink)) {
                return;
            }
            Caller caller = callers.resolve(request);
            try {
                rateLimits.checkRequest(caller);
            } catch (McpException e) {
                audit.record(caller, "POST", "-", "-", AuditTrail.Outcome.RATE_LIMITED, Duration.ZERO);
                errors.headers(e, request).forEach(response::setHeader);
                fail(response, sink, HttpErrors.status(e, ProtocolRevision.LATEST), e.code(), e.getMessage());
                return;
            }
            if (!HttpChecks.hasJsonContentType(request)) {
                fail(response, sink, 415, ErrorCode.INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json");
                return;
            }
            HttpChecks.Acceptance accept = HttpChecks.acceptance(request);
            if (accept.none()) {
                fail(response, sink, 406, ErrorCode.INVALID_REQUEST,
                        "Not Acceptable: Accept must list application/json and text/event-stream");
                return;
            }
            Optional<byte[]> body = readBody(request, response, sink);
            if (body.isEmpty()) {
                return;
            }
            JsonValue parsed;
            try {
                parsed = parse(body.get());
            } catch (JsonParsingException e) {
                fail(response, sink, 400, ErrorCode.PARSE_ERROR, "Parse error: " + HttpChecks.sanitize(e.getMessage()));
                return;
            } catch (RuntimeException e) {
                // JsonException, or the parser's plain RuntimeException for input nested too deeply
                fail(response, sink, 400, ErrorCode.PARSE_ERROR, "Parse error: the body is not valid JSON or is nested too deeply");
                return;
            }
            // valid JSON that is neither an object nor an array (42, "x", true, null) is no JSON-RPC message
            if (!(parsed instanceof JsonStructure message)) {
                fail(response, sink, 400, ErrorCode.INVALID_REQUEST,
                        "Invalid Request: the body must be a JSON-RPC message (an object) or a batch (an array)");
                return;
            }
            IncomingPost post = new IncomingPost(request, response, sink, message, accept, caller);
            if (modern.claims(post)) {
                modern.handle(post);
            } else {
                legacy.handle(post);
            }
        } catch (McpException e) {
            if (!response.isCommitted()) {
                errors.headers(e, request).forEach(response::setHeader);
                fail(response, sink, Math.max(400, HttpErrors.status(e, ProtocolRevision.LATEST)), e.code(), e.getMessage());
            } else {
                sink.complete();
            }
        } catch (RuntimeException e) {
            log("Unexpected failure handling an MCP POST", e);
            if (!response.isCommitted()) {
                fail(response, sink, 500, ErrorCode.INTERNAL_ERROR, "Internal error");
            } else {
                sink.complete();
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSink sink = HttpSink.start(request, response);
        try {
            if (refusedByGuards(request, response, sink)) {
                return;
            }
            legacy.openStandaloneStream(request, response, sink, callers.resolve(request));
        } catch (McpException e) {
            errors.headers(e, request).forEach(response::setHeader);
            fail(response, sink, Math.max(400, HttpErrors.status(e, ProtocolRevision.LATEST)), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log("Unexpected failure handling an MCP GET", e);
            fail(response, sink, 500, ErrorCode.INTERNAL_ERROR, "Internal error");
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSink sink = HttpSink.start(request, response);
        try {
            if (refusedByGuards(request, response, sink)) {
                return;
            }
            legacy.deleteSession(request, response, sink, callers.resolve(request));
        } catch (McpException e) {
            errors.headers(e, request).forEach(response::setHeader);
            fail(response, sink, Math.max(400, HttpErrors.status(e, ProtocolRevision.LATEST)), e.code(), e.getMessage());
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws jakarta.servlet.ServletException, IOException {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("POST") || method.equals("DELETE") || method.equals("OPTIONS")) {
            super.service(request, response);
        } else {
            methodNotAllowed(response);
        }
    }

    private void methodNotAllowed(HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "GET, POST, DELETE, OPTIONS");
        response.setStatus(405);
        response.setContentType("application/json");
        response.getWriter().write(JsonRpc.error(null, ErrorCode.INVALID_REQUEST, "Method Not Allowed", null).toString());
    }

    private boolean refusedByGuards(HttpServletRequest request, HttpServletResponse response, HttpSink sink) {
        Optional<String> problem = checks.hostProblem(request).or(() -> checks.originProblem(request));
        if (problem.isPresent()) {
            fail(response, sink, 403, ErrorCode.INVALID_REQUEST, "Forbidden: " + problem.get());
            return true;
        }
        return false;
    }

    /** Exactly one JSON value and nothing after it but whitespace. */
    private static JsonValue parse(byte[] body) {
        try (JsonParser parser = Json.createParser(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonException("content after the JSON value");
            }
            return value;
        }
    }

    /** The body, or empty after answering 413 when it is larger than {@code mcp.max-request-bytes}. */
    private Optional<byte[]> readBody(HttpServletRequest request, HttpServletResponse response, HttpSink sink) throws IOException {
        long max = settings.maxRequestBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            response.setHeader("Connection", "close");
            fail(response, sink, 413, ErrorCode.INVALID_REQUEST, "Payload Too Large: the limit is " + max + " bytes");
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), 64 * 1024));
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > max) {
                    response.setHeader("Connection", "close");
                    fail(response, sink, 413, ErrorCode.INVALID_REQUEST, "Payload Too Large: the limit is " + max + " bytes");
                    return Optional.empty();
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            fail(response, sink, 400, ErrorCode.PARSE_ERROR, "Parse error: empty body");
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    static void fail(HttpServletResponse response, HttpSink sink, int status, int code, String message) {
        fail(response, sink, status, JsonValue.NULL, code, message, null);
    }

    static void fail(HttpServletResponse response, HttpSink sink, int status, JsonValue id, int code, String message, JsonValue data) {
        ResponseStream.writeJson(response, sink, status, JsonRpc.error(id, code, message, data));
    }
}
