package dev.jakartamcp.fuzz;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every answer must follow, whatever was sent: no 5xx, no container error page (a body is JSON, or an SSE
 * stream whose data lines are JSON), no empty 4xx/5xx body, an answer within the latency limit, no stack trace, and
 * no success for refused credentials. Each broken rule is one problem, phrased so that equal problems group.
 */
final class Verdict {
    private Verdict() {
    }

    /** Set for Payara Micro 7 only ({@link FuzzServer#failsOnColonPaths()}); the other servers answer such paths with the WAR's JSON. */
    static volatile boolean colonPathsFailInTheContainer;

    /**
     * An answer the HTTP connector gave before any application saw the request: no {@code Content-Type}, no body, and
     * a status Payara's and Liberty's connectors use for messages that are not valid HTTP/1.1 to them (control or
     * non-ASCII bytes in a header, broken framing, a missing or unparseable Host, an unknown HTTP version, TRACE).
     * The application answers like that only a DELETE that ends a session and an OPTIONS that is no preflight (200
     * without a body: right either way, and counted here too); otherwise it sends JSON with a content type, or 202/204
     * without a body. These are counted and shown apart, not as failures: nothing in the WAR can change them. Payara answers a Host
     * it cannot parse, and a request target with a {@code %} that is no percent-encoded byte, with an empty 200 (Liberty
     * the latter with its own HTML 400, {@code CWWWC0005I}); these are listed too, and such a request reached no
     * application (shown with Payara Micro alone, no WAR deployed). So is Payara Micro 7's empty 500 for a path with a
     * colon, which its authorization layer (Exousia) fails on before the application (eclipse-ee4j/exousia#37).
     */
    static boolean byConnector(Hostile h, RawHttp.Response r) {
        if (r.status <= 0 || r.sse) {
            return false;
        }
        boolean empty = r.body.length == 0 && r.header("Content-Type").isEmpty();
        // the connector's empty 200 is for a Host it cannot parse or a target it cannot decode: a POST with neither
        // reached the application, which never answers a POST so (it would be a regression, judged below)
        boolean connectorsOk = r.status == 200 && !(h.post && h.plainHost && !h.undecodableTarget);
        boolean bare = empty && (connectorsOk || r.status == 400 || r.status == 405 || r.status == 505);
        // Liberty's web container refuses a target it cannot decode with its own page, before choosing an application
        return bare || h.undecodableTarget && r.status == 400 && r.bodyText().contains("CWWWC0005I")
                || h.colonInPath && colonPathsFailInTheContainer && r.status == 500 && empty;
    }

    static List<String> judge(Hostile h, RawHttp.Response r, int capMs, int limitMs) {
        List<String> problems = new ArrayList<>();
        if (byConnector(h, r) && !(h.mustNotSucceed && r.status == 200 && !h.undecodableTarget)) {
            if (r.latencyMs > limitMs) {
                problems.add("answer took longer than " + limitMs + " ms");
            }
            return problems;
        }
        if (r.status < 0) {
            if (r.timedOut) {
                problems.add("no answer within " + (h.capMs > 0 ? h.capMs : capMs) + " ms");
            } else if (!h.mayDrop) {
                problems.add("connection closed without an answer");
            }
            return problems;
        }
        if (r.status == 0) {
            problems.add("unparseable status line");
        }
        if (r.status >= 500) {
            problems.add("HTTP " + r.status);
        }
        if (r.timedOut && !r.sse) {
            problems.add("body not complete within " + (h.capMs > 0 ? h.capMs : capMs) + " ms");
        } else if (r.latencyMs > limitMs) {
            problems.add("answer took longer than " + limitMs + " ms");
        }
        if (r.error != null && !r.sse && !r.timedOut) {
            problems.add("body cut off");
        }
        if (h.expect != null && !h.expect.contains(r.status)) {
            problems.add("expected HTTP " + h.expect + ", got " + r.status);
        }
        if (h.mustNotSucceed && r.status >= 200 && r.status < 300) {
            problems.add("refused credentials were accepted (HTTP " + r.status + ")");
        }
        String type = r.mediaType();
        if (r.sse) {
            for (String data : r.sseData) {
                if (!data.isBlank() && !isJson(data)) {
                    problems.add("SSE data is not JSON");
                    break;
                }
            }
        } else if (r.body.length > 0) {
            if (type.equals("application/json") || type.endsWith("+json")) {
                if (!r.truncated && !isJson(r.body)) {
                    problems.add("body is not valid JSON");
                }
            } else if (h.plainTextOk && type.equals("text/plain") && r.status >= 200 && r.status < 300) {
                // the metrics' Prometheus text
            } else if (!(type.isEmpty() && isJson(r.body))) {
                // without a Content-Type (an HTTP/1.0-style request line the connector answers without headers) the body must still be JSON
                problems.add("non-JSON body (" + (type.isEmpty() ? "no Content-Type" : type) + ")");
            }
        } else if (h.post && r.status == 200) {
            problems.add("HTTP 200 with an empty body (no JSON-RPC answer" + (r.header("Content-Type").isEmpty() ? ", no Content-Type" : "") + ")");
        } else if (r.status >= 400 && !h.head && !h.emptyOk) {
            // the application always sets a JSON content type; an answer without one never reached it
            problems.add("empty body with HTTP " + r.status + (r.header("Content-Type").isEmpty() ? " (no Content-Type: answered by the container, not the application)" : ""));
        }
        String text = r.body.length > 4_000_000 ? "" : r.bodyText();
        if (text.contains("\tat ") || text.contains("at dev.jakartamcp.") || text.contains("java.lang.") && text.contains("Exception")) {
            problems.add("stack trace or exception in the body");
        }
        return problems;
    }

    static boolean isJson(byte[] bytes) {
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(bytes))) {
            return drain(parser);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean isJson(String text) {
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            return drain(parser);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean drain(JsonParser parser) {
        if (!parser.hasNext()) {
            return false;
        }
        while (parser.hasNext()) {
            parser.next();
        }
        return true;
    }
}
