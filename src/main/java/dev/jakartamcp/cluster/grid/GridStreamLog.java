package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.transport.StreamLog;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resumable streams of sessions in the grid: per stream a small record (session, request answered, owning node,
 * last sequence, finished) and its last {@link #MAX_EVENTS} events, each at most {@link #MAX_EVENT_CHARS} characters
 * (a larger one is sent but not kept). Only the owning node writes a stream; its events expire
 * {@code mcp.cluster.stream-log-ttl} after they were written, and so does its record after its last write, but for
 * the record of a request's stream not finished yet: that one lives {@code mcp.execution.timeout} longer (as read at
 * start), so that a call quiet for longer than the TTL stays findable by the other nodes, which resume and follow it
 * by its record (and, finding none, end their client's stream without its answer). A GET stream is never finished
 * (it is left when its session ends) and loses nothing when it is quiet: its record keeps the TTL, so that those of
 * ended sessions leave the grid as before.
 */
final class GridStreamLog implements StreamLog {
    static final int MAX_EVENTS = 256;
    static final int MAX_EVENT_CHARS = 1024 * 1024;

    private final GridCache meta;
    private final GridCache events;
    private final JCacheGrid grid;
    private final Duration ttl;
    private final Duration requestRunning;

    GridStreamLog(GridCache meta, GridCache events, JCacheGrid grid, Duration ttl, Duration executionTimeout) {
        this.meta = meta;
        this.events = events;
        this.grid = grid;
        this.ttl = ttl;
        this.requestRunning = ttl.plus(executionTimeout);
    }

    /** How long a record written as {@code record} lives: longer for a request's stream still running, else the TTL. */
    private Duration lifetimeOf(String record) {
        JsonObject o = parse(record);
        return !o.getBoolean("f") && o.containsKey("r") ? requestRunning : ttl;
    }

    @Override
    public void opened(String streamId, String sessionId, String requestId) {
        String record = record(sessionId, requestId).add("f", false).build().toString();
        meta.put(streamId, record, lifetimeOf(record));
    }

    private JsonObjectBuilder record(String sessionId, String requestId) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("s", sessionId).add("o", grid.localMember()).add("n", 0);
        return requestId == null ? b : b.add("r", requestId);
    }

    @Override
    public void appended(String streamId, long sequence, String data) {
        boolean kept = data.length() <= MAX_EVENT_CHARS;
        if (kept) {
            events.put(key(streamId, sequence), data);
        }
        events.remove(key(streamId, sequence - MAX_EVENTS));
        // an answer too large to keep leaves the log incomplete: a resume on another node then ends the request's stream
        // with "send the request again", not as if the answer had been sent (a notice or question too large is left out:
        // the answer that follows it is in the log, and a second answer to one request must not follow it)
        boolean answerLost = !kept && isResponse(data);
        String written = Caches.update(meta, streamId, current -> {
            if (current == null) {
                return null;
            }
            JsonObjectBuilder b = JsonFactory.createObjectBuilder(parse(current)).add("n", sequence);
            return (answerLost ? b.add("x", true) : b).build().toString();
        }, this::lifetimeOf);
        if (written == null) {
            throw new RecordGone(streamId);
        }
    }

    @Override
    public void incomplete(String streamId, String sessionId, String requestId) {
        Caches.update(meta, streamId, current -> (current == null ? record(sessionId, requestId).add("f", false)
                : JsonFactory.createObjectBuilder(parse(current))).add("x", true).build().toString(), this::lifetimeOf);
    }

    @Override
    public void finished(String streamId, String sessionId, String requestId) {
        // a record gone while the stream ran is written again, finished and incomplete: the events it had went with it
        Caches.update(meta, streamId, current -> current == null && sessionId == null ? null
                : (current == null ? record(sessionId, requestId).add("x", true) : JsonFactory.createObjectBuilder(parse(current)))
                        .add("f", true).build().toString(), finished -> ttl);
    }

    @Override
    public void abandoned(String streamId, String sessionId, String requestId) {
        // a stream whose opening the grid did not take is recorded now, finished and incomplete: without a record, a
        // resume on another node could not tell it from a GET stream, and the request would never be answered
        Caches.update(meta, streamId, current -> current == null && sessionId == null ? null
                : (current == null ? record(sessionId, requestId) : JsonFactory.createObjectBuilder(parse(current)))
                        .add("f", true).add("x", true).build().toString(), finished -> ttl);
    }

    @Override
    public Optional<Shared> find(String streamId) {
        String json = meta.get(streamId);
        if (json == null) {
            return Optional.empty();
        }
        JsonObject o = parse(json);
        return Optional.of(new Shared(o.getString("s"), o.getString("r", null), o.getBoolean("f"),
                grid.members().contains(o.getString("o")), !o.getBoolean("x", false)));
    }

    @Override
    public List<Entry> after(String streamId, long sequence) {
        return logged(streamId, sequence).entries();
    }

    /**
     * The events after {@code sequence} up to the record's last one: an event is put before the record moves past it
     * ({@link #appended}), so one of those not found now (evicted, expired, too large to keep) never comes.
     */
    @Override
    public Logged logged(String streamId, long sequence) {
        String json = meta.get(streamId);
        if (json == null) {
            return new Logged(List.of(), sequence);
        }
        long last = parse(json).getJsonNumber("n").longValue();
        List<Entry> entries = new ArrayList<>();
        for (long s = Math.max(sequence + 1, last - MAX_EVENTS + 1); s <= last; s++) {
            String data = events.get(key(streamId, s));
            if (data != null) {
                entries.add(new Entry(s, data));
            }
        }
        return new Logged(entries, last);
    }

    /**
     * Whether the JSON-RPC message {@code data} is a response (a result or an error, no method): read by its top-level
     * names only, each value skipped, so that a large one costs a scan, not a tree.
     */
    static boolean isResponse(String data) {
        try (jakarta.json.stream.JsonParser parser = JsonFactory.createParser(new StringReader(data))) {
            if (!parser.hasNext() || parser.next() != jakarta.json.stream.JsonParser.Event.START_OBJECT) {
                return false;
            }
            boolean answer = false;
            while (parser.hasNext()) {
                jakarta.json.stream.JsonParser.Event event = parser.next();
                if (event == jakarta.json.stream.JsonParser.Event.END_OBJECT) {
                    break;
                }
                String name = parser.getString();
                if (name.equals("method")) {
                    return false;
                }
                answer |= name.equals("result") || name.equals("error");
                jakarta.json.stream.JsonParser.Event value = parser.next();
                if (value == jakarta.json.stream.JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                } else if (value == jakarta.json.stream.JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
            return answer;
        } catch (RuntimeException e) {
            return true; // unreadable: counted as the answer, which asks the client to send the request again
        }
    }

    private static String key(String streamId, long sequence) {
        return streamId + "#" + sequence;
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
