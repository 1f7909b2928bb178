package dev.jakartamcp.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads an SSE body incrementally on a daemon thread; tests take events with timeouts. Comments (keep-alives) are
 * delivered as events too, so a test can see them; the message helpers skip them. Every event's data is checked
 * for leaked stack traces.
 */
public final class SseStream implements AutoCloseable {
    private final InputStream in;
    private final BlockingQueue<SseEvent> queue = new LinkedBlockingQueue<>();
    private final List<SseEvent> seen = new ArrayList<>();
    private volatile boolean ended;

    SseStream(InputStream in) {
        this.in = in;
        Thread reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            parse(r, queue::add);
        } catch (IOException e) {
            // closed by the test or by the server
        } finally {
            queue.add(SseEvent.END);
        }
    }

    /** Parses a complete SSE text (a finished response body). */
    static List<SseEvent> parseAll(String body) {
        List<SseEvent> events = new ArrayList<>();
        try {
            parse(new BufferedReader(new StringReader(body)), events::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return events;
    }

    private static void parse(BufferedReader r, java.util.function.Consumer<SseEvent> sink) throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        Long retry = null;
        boolean any = false;
        String line;
        while ((line = r.readLine()) != null) {
            McpHttpClient.assertNoLeak(line);
            if (line.isEmpty()) {
                if (any) {
                    sink.accept(new SseEvent(id, event, data == null ? null : data.toString(), retry, null, false));
                }
                id = null;
                event = null;
                data = null;
                retry = null;
                any = false;
                continue;
            }
            if (line.startsWith(":")) {
                sink.accept(SseEvent.ofComment(line.substring(1).trim()));
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            any = true;
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                case "retry" -> retry = Long.parseLong(value.trim());
                default -> { }
            }
        }
    }

    /** The next event, comment or end marker within {@code timeout}; empty on timeout. */
    public Optional<SseEvent> poll(Duration timeout) {
        try {
            SseEvent e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e != null) {
                synchronized (seen) {
                    seen.add(e);
                }
                if (e.end()) {
                    ended = true;
                    queue.add(SseEvent.END);
                }
            }
            return Optional.ofNullable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public SseEvent next(Duration timeout) {
        return poll(timeout).orElseThrow(() -> new AssertionError("no SSE event within " + timeout + "; seen so far: " + seen()));
    }

    /** The next event that is not a comment (the priming event included). */
    public SseEvent nextEvent(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SseEvent e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!e.isComment()) {
                return e;
            }
        }
    }

    /** The next JSON-RPC message, skipping comments and empty-data (priming) events; fails at the end of the stream. */
    public JsonObject nextMessage(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SseEvent e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.end()) {
                fail("the stream ended while a message was expected; seen: " + seen());
            }
            JsonObject m = e.json();
            if (m != null) {
                return m;
            }
        }
    }

    /** Messages until the response with {@code id}; the notifications and requests before it go to {@code before}. */
    public JsonObject awaitResponse(JsonValue id, Duration timeout, List<JsonObject> before) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject m = nextMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!m.containsKey("method") && id.equals(m.get("id"))) {
                return m;
            }
            if (before != null) {
                before.add(m);
            }
        }
    }

    /** Waits for the server to end the stream; returns the messages that came before the end. */
    public List<JsonObject> awaitEnd(Duration timeout) {
        List<JsonObject> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SseEvent e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.end()) {
                return messages;
            }
            JsonObject m = e.json();
            if (m != null) {
                messages.add(m);
            }
        }
    }

    /** Asserts that no JSON-RPC message arrives within {@code quiet} (comments are fine); the stream must stay open. */
    public void assertNoMessage(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SseEvent> e = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.isEmpty()) {
                return;
            }
            assertFalse(e.get().end(), "the stream ended unexpectedly");
            assertEquals(null, e.get().json(), "unexpected message on the stream");
        }
    }

    public boolean isEnded() {
        return ended;
    }

    public List<SseEvent> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
