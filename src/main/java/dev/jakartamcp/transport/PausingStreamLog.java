package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's {@link StreamLog} as a session's streams write to it: while the data grid is known not to answer
 * ({@link StreamTimers#gridPaused}: a call to it timed out a moment ago), a write fails at once instead of waiting
 * {@code mcp.cluster.grid-timeout} once per stream, and a write that times out pauses the grid for the others. A
 * change notice visits every GET stream of the node in turn; with a frozen member it waited that long for each of them,
 * and the notices after it, and their submitter, behind it. A stream whose write failed goes on unlogged, resumable on
 * this node ({@link EventStream#logLost}). Reads (resumption) ask the grid as before.
 */
final class PausingStreamLog implements StreamLog {
    private final StreamLog grid;
    private final StreamTimers timers;

    private PausingStreamLog(StreamLog grid, StreamTimers timers) {
        this.grid = grid;
        this.timers = timers;
    }

    /** {@code log} pausing with {@code timers}; the single server's log (nothing to share) as it is. */
    static StreamLog of(StreamLog log, StreamTimers timers) {
        return log == null || log == StreamLog.NONE || timers == null ? log : new PausingStreamLog(log, timers);
    }

    @Override
    public void opened(String streamId, String sessionId, String requestId) {
        write(() -> grid.opened(streamId, sessionId, requestId));
    }

    @Override
    public void appended(String streamId, long sequence, String data) {
        write(() -> grid.appended(streamId, sequence, data));
    }

    @Override
    public void finished(String streamId) {
        write(() -> grid.finished(streamId));
    }

    @Override
    public void abandoned(String streamId) {
        write(() -> grid.abandoned(streamId));
    }

    @Override
    public Optional<Shared> find(String streamId) {
        return grid.find(streamId);
    }

    @Override
    public List<Entry> after(String streamId, long sequence) {
        return grid.after(streamId, sequence);
    }

    private void write(Runnable write) {
        if (timers.gridPaused()) {
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY,
                    "Service Unavailable: the data grid did not answer a moment ago; the stream's events are not written there", Duration.ofSeconds(1), "grid");
        }
        try {
            write.run();
        } catch (McpException e) {
            if ("grid".equals(e.limit())) {
                timers.gridDidNotAnswer();
            }
            throw e;
        }
    }
}
