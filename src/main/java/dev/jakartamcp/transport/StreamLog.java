package dev.jakartamcp.transport;

import java.util.List;
import java.util.Optional;

/**
 * The resumable streams of 2025-era sessions as every node of a cluster sees them: the events a stream sent (the
 * last ones, bounded like the node's own) and whether it finished, so that a client that lost its connection can
 * resume with {@code Last-Event-ID} on another node. On a single server there is nothing to share ({@link #NONE}).
 */
public interface StreamLog {

    /**
     * What the log knows of a stream this node does not hold; {@code complete}: the log has every event its node sent
     * (false when the grid did not take one, {@link #abandoned}).
     */
    record Shared(String sessionId, String requestId, boolean finished, boolean ownerAlive, boolean complete) {
        public Shared(String sessionId, String requestId, boolean finished, boolean ownerAlive) {
            this(sessionId, requestId, finished, ownerAlive, true);
        }
    }

    /**
     * Thrown by {@link #appended} when the log no longer holds the stream's record (the grid evicted or expired it
     * while the stream ran): without one, a resume on another node would take the stream for a GET stream. The writer
     * records it again as incomplete ({@link #incomplete}, or {@link #abandoned} for a GET stream).
     */
    final class RecordGone extends RuntimeException {
        public RecordGone(String streamId) {
            super("the log no longer holds stream " + streamId, null, false, false);
        }
    }

    /** One event as sent: its sequence number in the stream and its data (a JSON-RPC message). */
    record Entry(long sequence, String data) {
    }

    /**
     * The kept events after a sequence, in order, and {@code through}: the sequence up to which the log has spoken (the
     * last one its node had logged when they were read). An event up to it that is not among them is gone for good
     * (dropped from the log, or too large to keep): it is not worth asking for again.
     */
    record Logged(List<Entry> entries, long through) {
    }

    /** A stream began on this node; {@code requestId} is the JSON text of the request a POST stream answers, or null. */
    void opened(String streamId, String sessionId, String requestId);

    void appended(String streamId, long sequence, String data);

    /**
     * The stream finished, every event of it in the log. {@code sessionId} and {@code requestId} as for
     * {@link #opened}: a record the log no longer holds (evicted or expired while the stream ran) is written again,
     * finished and incomplete, as {@link #abandoned} writes it. Every write that ends a stream carries what it needs to
     * record the stream from nothing, so that one the grid did not take can be written later as it is.
     */
    void finished(String streamId, String sessionId, String requestId);

    /**
     * The stream finished, and the log lacks events of it (the grid did not take them): no other node can replay it
     * whole. {@code sessionId} and {@code requestId} as for {@link #opened}: the log records the stream even when the
     * grid did not take its opening, so that a resume on another node is told to send the request again.
     */
    void abandoned(String streamId, String sessionId, String requestId);

    /**
     * A stream still running whose record the log no longer held ({@link RecordGone}): recorded again, running and
     * incomplete, so that a resume on another node waits for its end (then told to send the request again) instead of
     * taking it for a GET stream, or telling the client to send again while the request still runs here.
     */
    void incomplete(String streamId, String sessionId, String requestId);

    Optional<Shared> find(String streamId);

    /** The kept events after {@code sequence}, in order. */
    List<Entry> after(String streamId, long sequence);

    /** As {@link #after}, with how far the log has spoken; by default as far as the last event found. */
    default Logged logged(String streamId, long sequence) {
        List<Entry> entries = after(streamId, sequence);
        return new Logged(entries, entries.isEmpty() ? sequence : entries.get(entries.size() - 1).sequence());
    }

    StreamLog NONE = new StreamLog() {
        @Override
        public void opened(String streamId, String sessionId, String requestId) {
        }

        @Override
        public void appended(String streamId, long sequence, String data) {
        }

        @Override
        public void finished(String streamId, String sessionId, String requestId) {
        }

        @Override
        public void abandoned(String streamId, String sessionId, String requestId) {
        }

        @Override
        public void incomplete(String streamId, String sessionId, String requestId) {
        }

        @Override
        public Optional<Shared> find(String streamId) {
            return Optional.empty();
        }

        @Override
        public List<Entry> after(String streamId, long sequence) {
            return List.of();
        }
    };
}
