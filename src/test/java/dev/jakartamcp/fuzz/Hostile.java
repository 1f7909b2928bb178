package dev.jakartamcp.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** One generated request: its exact bytes, a short description, and what the answer may be besides the general rules. */
final class Hostile {
    final String label;
    final byte[] wire;
    final boolean head;
    final boolean post;
    /** Statuses the answer must have (null: any status that passes the general rules). */
    Set<Integer> expect;
    /** The server may close the connection without an answer (deliberately broken HTTP framing). */
    boolean mayDrop;
    /** How long an SSE answer is read after its headers arrived before the client closes it. */
    int streamBudgetMs = 300;
    /** Hard limit for the whole exchange; 0 means the run's default. */
    int capMs;
    /** The request carries no acceptable credentials: a 2xx answer would be an authorization bypass. */
    boolean mustNotSucceed;
    /** An empty error body is acceptable (a refused CORS preflight is no JSON-RPC exchange). */
    boolean emptyOk;
    /**
     * The request target's path has a {@code %} that is no percent-encoded byte (or encodes NUL): the connector answers
     * before any application is chosen (Payara Micro an empty 200, Liberty its own HTML 400).
     */
    final boolean undecodableTarget;
    /**
     * The request target's path has a colon: Payara Micro 7's authorization (Exousia) cannot make a permission of it
     * and answers 500 without a body before any application code runs (eclipse-ee4j/exousia#37).
     */
    final boolean colonInPath;
    /**
     * The request has one Host header naming the loopback address or {@code localhost}, with at most a port and no
     * whitespace after it: one Payara's connector parses. (It answers a Host it cannot parse, one with a trailing tab
     * among them, with an empty 200, before any application.)
     */
    final boolean plainHost;
    /** A 2xx answer may be Prometheus text ({@code /mcp-metrics}) instead of JSON. */
    boolean plainTextOk;
    /** Half-close the connection after sending (broken framing: the server must not wait for bytes that never come). */
    boolean halfClose;

    Hostile(String label, Wire wire) {
        this(label, wire.bytes(), wire.method().equals("HEAD"));
    }

    Hostile(String label, byte[] wire, boolean head) {
        this.label = label;
        this.wire = wire;
        this.head = head;
        this.post = wire.length > 5 && new String(wire, 0, 5, StandardCharsets.ISO_8859_1).equals("POST ");
        String start = new String(wire, 0, Math.min(wire.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        int lineEnd = start.indexOf('\r');
        String[] requestLine = (lineEnd < 0 ? start : start.substring(0, lineEnd)).split(" ");
        String path = requestLine.length > 1 ? requestLine[1].split("\\?", 2)[0] : "";
        this.undecodableTarget = INVALID_ESCAPE.matcher(path).find();
        this.colonInPath = path.startsWith("/") && path.contains(":");
        int headersEnd = start.indexOf("\r\n\r\n");
        String[] lines = (headersEnd < 0 ? start : start.substring(0, headersEnd)).split("\r\n", -1);
        int hosts = 0;
        boolean plain = false;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Host:", 0, 5)) {
                hosts++;
                plain = PLAIN_HOST.matcher(lines[i].substring(5)).matches();
            }
        }
        this.plainHost = hosts == 1 && plain;
    }

    private static final Pattern INVALID_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})|%00");
    private static final Pattern PLAIN_HOST = Pattern.compile(" ?(127\\.0\\.0\\.1|localhost|\\[::1])(:[0-9]{1,5})?");

    Hostile expect(Integer... statuses) {
        expect = new TreeSet<>(Set.of(statuses));
        return this;
    }

    Hostile mayDrop() {
        mayDrop = true;
        return this;
    }

    Hostile stream(int budgetMs) {
        streamBudgetMs = budgetMs;
        return this;
    }

    Hostile cap(int ms) {
        capMs = ms;
        return this;
    }

    Hostile emptyOk() {
        emptyOk = true;
        return this;
    }

    Hostile plainText() {
        plainTextOk = true;
        return this;
    }

    Hostile halfClose() {
        halfClose = true;
        return this;
    }

    Hostile refused() {
        mustNotSucceed = true;
        return this;
    }

    /**
     * The request for a report: request line and headers (long header values shortened, e.g. the bearer token), then
     * the start of the body; control bytes and non-ASCII as escapes.
     */
    String preview(int maxBody) {
        int split = -1;
        for (int i = 0; i + 3 < wire.length; i++) {
            if (wire[i] == '\r' && wire[i + 1] == '\n' && wire[i + 2] == '\r' && wire[i + 3] == '\n') {
                split = i;
                break;
            }
        }
        if (split < 0) {
            return preview(wire, maxBody + 400);
        }
        StringBuilder b = new StringBuilder();
        String head = new String(wire, 0, split, StandardCharsets.ISO_8859_1);
        int headers = 0;
        for (String line : head.split("\r\n", -1)) {
            if (headers++ > 40) {
                b.append("…(").append(head.split("\r\n", -1).length - 40).append(" more header lines)\\r\\n");
                break;
            }
            byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
            if (bytes.length > 120) {
                b.append(preview(java.util.Arrays.copyOf(bytes, 60), 60)).append("…(").append(bytes.length).append(" bytes)");
            } else {
                b.append(preview(bytes, 120));
            }
            b.append("\\r\\n");
        }
        b.append("\\r\\n");
        byte[] body = java.util.Arrays.copyOfRange(wire, split + 4, wire.length);
        b.append(preview(body, maxBody));
        return b.toString();
    }

    static String preview(byte[] bytes, int max) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(bytes.length, max);
        for (int i = 0; i < n; i++) {
            int c = bytes[i] & 0xff;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c < 0x20 || c >= 0x7f) {
                b.append(String.format("\\x%02X", c));
            } else {
                b.append((char) c);
            }
        }
        if (bytes.length > max) {
            b.append("… (").append(bytes.length).append(" bytes in all)");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return label + ": " + new String(wire, 0, Math.min(wire.length, 200), StandardCharsets.ISO_8859_1);
    }
}
