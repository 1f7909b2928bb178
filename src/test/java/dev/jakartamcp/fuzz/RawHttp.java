package dev.jakartamcp.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket HTTP/1.1 client: one connection per request ({@code Connection: close}), exact request bytes, and a
 * hard deadline for the whole exchange. Large uploads are written by a helper thread while the answer is read, so
 * that an early answer (413) is seen even when the server stops reading. An SSE answer is read for a bounded time
 * after its headers and then closed by the client.
 */
final class RawHttp {
    private static final int MAX_HEAD = 256 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final int port;
    private final ExecutorService writers;

    RawHttp(int port, ExecutorService writers) {
        this.port = port;
        this.writers = writers;
    }

    /** What came back. {@code status} is -1 when no status line arrived. */
    static final class Response {
        int status = -1;
        String statusLine = "";
        final List<String[]> headers = new ArrayList<>();
        byte[] body = new byte[0];
        long latencyMs;
        boolean timedOut;
        boolean truncated;
        String error;
        String writeError;
        boolean sse;
        final List<String> sseData = new ArrayList<>();

        Optional<String> header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return Optional.of(h[1]);
                }
            }
            return Optional.empty();
        }

        int headerCount(String name) {
            int n = 0;
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    n++;
                }
            }
            return n;
        }

        /** The media type without parameters, lower case; "" when absent. */
        String mediaType() {
            return header("Content-Type").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String shortBody(int max) {
            return Hostile.preview(body, max);
        }
    }

    Response exchange(Hostile request, int defaultCapMs) {
        int cap = request.capMs > 0 ? request.capMs : defaultCapMs;
        Response r = new Response();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(cap);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Math.min(cap, 2000));
            Future<?> upload = null;
            OutputStream out = socket.getOutputStream();
            if (request.wire.length > 128 * 1024) {
                upload = writers.submit(() -> {
                    try {
                        out.write(request.wire);
                        out.flush();
                    } catch (IOException e) {
                        r.writeError = e.toString();
                    }
                });
            } else {
                try {
                    out.write(request.wire);
                    out.flush();
                } catch (IOException e) {
                    r.writeError = e.toString();
                }
            }
            if (request.halfClose) {
                if (upload != null) {
                    try {
                        upload.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        // the answer is read below either way
                    }
                }
                try {
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // already reset by the server
                }
            }
            DeadlineInput in = new DeadlineInput(socket, deadline);
            try {
                readResponse(in, request, r, start, deadline);
            } finally {
                if (upload != null) {
                    upload.cancel(true);
                }
            }
        } catch (SocketTimeoutException e) {
            r.timedOut = true;
            r.error = "no complete answer within " + cap + " ms";
            r.latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } catch (IOException e) {
            r.error = e.toString();
            r.latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        return r;
    }

    private static void readResponse(DeadlineInput in, Hostile request, Response r, long start, long deadline) throws IOException {
        while (true) {
            String head;
            try {
                head = in.readHead();
            } catch (EOFException e) {
                r.error = "connection closed without a response";
                r.latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                return;
            }
            String[] lines = head.split("\r\n");
            r.statusLine = lines[0];
            String[] parts = lines[0].split(" ", 3);
            r.status = parts.length > 1 ? parseStatus(parts[1]) : 0;
            r.headers.clear();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    r.headers.add(new String[]{lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
                }
            }
            if (r.status >= 100 && r.status < 200) {
                continue; // interim answer (100 Continue); the real one follows
            }
            break;
        }
        long headersAt = System.nanoTime();
        boolean noBody = request.head || r.status == 204 || r.status == 304;
        boolean chunked = r.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
        long length = r.header("Content-Length").map(RawHttp::parseLength).orElse(-1L);
        r.sse = r.mediaType().equals("text/event-stream");
        if (r.sse) {
            r.latencyMs = TimeUnit.NANOSECONDS.toMillis(headersAt - start);
            // the answer has arrived; read what the stream carries for a little while, then let go
            in.deadline = Math.min(deadline, headersAt + TimeUnit.MILLISECONDS.toNanos(request.streamBudgetMs));
            SseParser parser = new SseParser(r.sseData);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try {
                BodyReader body = new BodyReader(in, chunked, chunked ? -1 : length);
                byte[] buffer = new byte[8192];
                int n;
                while ((n = body.read(buffer)) > 0) {
                    parser.feed(buffer, n);
                    if (raw.size() < MAX_HEAD) {
                        raw.write(buffer, 0, n);
                    }
                }
                parser.end();
            } catch (SocketTimeoutException | EOFException e) {
                // the client closes the stream (budget spent) or the server dropped it: both fine
            }
            r.body = raw.toByteArray();
            return;
        }
        if (noBody) {
            r.latencyMs = TimeUnit.NANOSECONDS.toMillis(headersAt - start);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BodyReader reader = new BodyReader(in, chunked, chunked ? -1 : length);
        byte[] buffer = new byte[65536];
        int n;
        try {
            while ((n = reader.read(buffer)) > 0) {
                if (body.size() < MAX_BODY) {
                    body.write(buffer, 0, n);
                } else {
                    r.truncated = true;
                }
            }
        } catch (EOFException e) {
            r.error = "the body ended early (" + body.size() + " bytes read)";
        }
        r.body = body.toByteArray();
        r.latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int parseStatus(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLength(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The socket's input with a deadline: every read waits at most until then. */
    private static final class DeadlineInput {
        private final Socket socket;
        private final InputStream in;
        private final byte[] buf = new byte[65536];
        private int pos;
        private int lim;
        long deadline;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private boolean fill() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left, Integer.MAX_VALUE)));
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        int read() throws IOException {
            if (pos >= lim && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        int read(byte[] b, int off, int len) throws IOException {
            if (pos >= lim && !fill()) {
                return -1;
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Everything up to the blank line that ends the head (without it). */
        String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (true) {
                int c = read();
                if (c < 0) {
                    if (head.size() == 0) {
                        throw new EOFException("no response");
                    }
                    throw new EOFException("the response head was cut off");
                }
                head.write(c);
                state = switch (state) {
                    case 0 -> c == '\r' ? 1 : 0;
                    case 1 -> c == '\n' ? 2 : (c == '\r' ? 1 : 0);
                    case 2 -> c == '\r' ? 3 : 0;
                    case 3 -> c == '\n' ? 4 : (c == '\r' ? 1 : 0);
                    default -> 0;
                };
                if (state == 4) {
                    byte[] all = head.toByteArray();
                    return new String(all, 0, all.length - 4, StandardCharsets.ISO_8859_1);
                }
                if (head.size() > MAX_HEAD) {
                    throw new IOException("response head larger than " + MAX_HEAD + " bytes");
                }
            }
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int c = read();
                if (c < 0) {
                    throw new EOFException("cut off in a chunk header");
                }
                if (c == '\n') {
                    break;
                }
                if (c != '\r') {
                    line.write(c);
                }
                if (line.size() > 8192) {
                    throw new IOException("chunk header too long");
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The body: chunked, Content-Length delimited, or up to the end of the connection. */
    private static final class BodyReader {
        private final DeadlineInput in;
        private final boolean chunked;
        private long remaining;
        private boolean done;

        BodyReader(DeadlineInput in, boolean chunked, long length) {
            this.in = in;
            this.chunked = chunked;
            this.remaining = chunked ? 0 : length;
        }

        int read(byte[] b) throws IOException {
            if (done) {
                return -1;
            }
            if (chunked) {
                if (remaining == 0) {
                    String size = in.readLine();
                    if (size.isEmpty()) {
                        size = in.readLine();
                    }
                    long n;
                    try {
                        n = Long.parseLong(size.split(";", 2)[0].trim(), 16);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad chunk size '" + size + "'");
                    }
                    if (n == 0) {
                        done = true;
                        return -1;
                    }
                    remaining = n;
                }
                int got = in.read(b, 0, (int) Math.min(b.length, remaining));
                if (got < 0) {
                    throw new EOFException("cut off in a chunk");
                }
                remaining -= got;
                return got;
            }
            if (remaining == 0) {
                done = true;
                return -1;
            }
            int want = remaining < 0 ? b.length : (int) Math.min(b.length, remaining);
            int got = in.read(b, 0, want);
            if (got < 0) {
                if (remaining > 0) {
                    throw new EOFException("cut off before Content-Length");
                }
                done = true;
                return -1;
            }
            if (remaining > 0) {
                remaining -= got;
            }
            return got;
        }
    }

    /** Collects the data of each SSE event (lines joined with \n) as the bytes arrive. */
    private static final class SseParser {
        private final List<String> events;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final StringBuilder data = new StringBuilder();
        private boolean hasData;
        private boolean lastCr;

        SseParser(List<String> events) {
            this.events = events;
        }

        void feed(byte[] bytes, int n) {
            for (int i = 0; i < n; i++) {
                byte c = bytes[i];
                if (c == '\n' && lastCr) {
                    lastCr = false;
                    continue;
                }
                lastCr = c == '\r';
                if (c == '\n' || c == '\r') {
                    endLine();
                } else {
                    line.write(c);
                }
            }
        }

        private void endLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.isEmpty()) {
                if (hasData) {
                    events.add(data.toString());
                }
                data.setLength(0);
                hasData = false;
                return;
            }
            if (text.startsWith("data")) {
                String value = text.length() > 4 && text.charAt(4) == ':' ? text.substring(5) : (text.equals("data") ? "" : null);
                if (value == null) {
                    return;
                }
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
        }

        void end() {
            if (line.size() > 0) {
                endLine();
            }
        }
    }
}
