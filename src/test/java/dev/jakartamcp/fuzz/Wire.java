package dev.jakartamcp.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exact bytes of one HTTP/1.1 request. Header lines are kept as given (duplicates, odd spelling, control bytes and
 * all, written as ISO-8859-1 so every char 0..255 becomes that byte). Unless told otherwise it adds {@code Host},
 * {@code Content-Length} and {@code Connection: close}.
 */
final class Wire {
    enum Framing { CONTENT_LENGTH, CHUNKED, NONE }

    private String method;
    private String target = "/mcp";
    private String version = "HTTP/1.1";
    private String requestLine;
    private final List<byte[]> headers = new ArrayList<>();
    private byte[] body;
    private Framing framing = Framing.CONTENT_LENGTH;
    private boolean hostSet;
    private boolean addHost = true;
    private boolean addConnectionClose = true;
    private final String authority;

    private Wire(String method, String authority) {
        this.method = method;
        this.authority = authority;
    }

    static Wire of(String method, String authority) {
        return new Wire(method, authority);
    }

    String method() {
        return method;
    }

    Wire target(String target) {
        this.target = target;
        return this;
    }

    Wire version(String version) {
        this.version = version;
        return this;
    }

    /** Replaces the whole request line (method, target and version as given). */
    Wire requestLine(String line) {
        this.requestLine = line;
        return this;
    }

    /** Adds a header line {@code name: value}; nothing is checked or escaped. */
    Wire header(String name, String value) {
        if (name.equalsIgnoreCase("Host")) {
            hostSet = true;
        }
        headers.add((name + ": " + value).getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** A header whose value is given as bytes (e.g. UTF-8 or invalid UTF-8). */
    Wire header(String name, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((name + ": ").getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(value);
        headers.add(b.toByteArray());
        return this;
    }

    /** A raw header line (no CRLF added inside; the line itself ends with CRLF). */
    Wire rawLine(byte[] line) {
        headers.add(line);
        return this;
    }

    /** Removes every header of that name added so far. */
    Wire without(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        headers.removeIf(h -> new String(h, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).startsWith(prefix));
        if (name.equalsIgnoreCase("Host")) {
            hostSet = false;
        }
        return this;
    }

    Wire noHost() {
        this.addHost = false;
        return this;
    }

    Wire keepConnectionHeader() {
        this.addConnectionClose = false;
        return this;
    }

    Wire body(String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    Wire body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    Wire chunked() {
        this.framing = Framing.CHUNKED;
        return this;
    }

    /** No Content-Length and no Transfer-Encoding added (the caller frames the body itself, or there is none). */
    Wire unframed() {
        this.framing = Framing.NONE;
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((body == null ? 0 : body.length) + 1024);
        String line = requestLine != null ? requestLine : method + " " + target + " " + version;
        out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(CRLF);
        if (addHost && !hostSet) {
            out.writeBytes(("Host: " + authority).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF);
        }
        for (byte[] h : headers) {
            out.writeBytes(h);
            out.writeBytes(CRLF);
        }
        if (body != null && framing == Framing.CONTENT_LENGTH) {
            out.writeBytes(("Content-Length: " + body.length).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF);
        } else if (body == null && framing == Framing.CONTENT_LENGTH && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            out.writeBytes("Content-Length: 0".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF);
        }
        if (framing == Framing.CHUNKED) {
            out.writeBytes("Transfer-Encoding: chunked".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF);
        }
        if (addConnectionClose) {
            out.writeBytes("Connection: close".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        if (body != null) {
            if (framing == Framing.CHUNKED) {
                int pos = 0;
                int chunk = Math.max(1, Math.min(65536, body.length / 3 + 1));
                while (pos < body.length) {
                    int n = Math.min(chunk, body.length - pos);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, pos, n);
                    out.writeBytes(CRLF);
                    pos += n;
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes(body);
            }
        }
        return out.toByteArray();
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
