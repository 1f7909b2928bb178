package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's {@link StreamLog} as a session's streams write to it: once a write of one stream was not answered
 * within {@code mcp.cluster.grid-timeout}, the writes of the node's streams fail at once for {@link GridPause#NANOS}
 * instead of each waiting that long in turn. A change notice visits every GET stream of the node; with a frozen member
 * it waited the bound for each of them, and the notices after it, and their submitter, behind it. A stream whose write
 * failed goes on unlogged, resumable on this node only ({@link EventStream#logLost}), as one whose own write timed out
 * always did. Only a stream-log write starts the pause (other grid calls that time out pause what they pause), and
 * reads (resumption) ask the grid as before. A write that ends a stream, or records it again, is not lost to the
 * pause: it waits in {@link LateStreamEnds} until the grid answers.
 */
final class PausingStreamLog implements StreamLog {
    private final StreamLog grid;
    private final GridPause pause;
    private final LateStreamEnds late;

    private PausingStreamLog(StreamLog grid, GridPause pause, LateStreamEnds late) {
        this.grid = grid;
        this.pause = pause;
        this.late = late;
    }

    /** {@code log} writing with {@code pause}, its stream ends kept in {@code late}; the single server's log (nothing to share) as it is. */
    static StreamLog of(StreamLog log, GridPause pause, LateStreamEnds late) {
        return log == null || log == StreamLog.NONE ? log : new PausingStreamLog(log, pause, late);
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
    public void finished(String streamId, String sessionId, String requestId) {
        end(streamId, () -> grid.finished(streamId, sessionId, requestId));
    }

    @Override
    public void abandoned(String streamId, String sessionId, String requestId) {
        end(streamId, () -> grid.abandoned(streamId, sessionId, requestId));
    }

    @Override
    public void incomplete(String streamId, String sessionId, String requestId) {
        end(streamId, () -> grid.incomplete(streamId, sessionId, requestId));
    }

    @Override
    public Optional<Shared> find(String streamId) {
        return grid.find(streamId);
    }

    @Override
    public List<Entry> after(String streamId, long sequence) {
        return grid.after(streamId, sequence);
    }

    @Override
    public Logged logged(String streamId, long sequence) {
        return grid.logged(streamId, sequence);
    }

    /**
     * A write the stream's record must get even while the grid does not answer: kept for later when the pause refuses
     * it or the grid does not answer it in time (either may have taken it; written again, it changes nothing).
     */
    private void end(String streamId, Runnable write) {
        try {
            write(write);
        } catch (McpException e) {
            if (!"grid".equals(e.limit())) {
                throw e;
            }
            late.keep(streamId, write);
        }
    }

    private void write(Runnable write) {
        if (pause.active()) {
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: a write to the data grid's stream log was"
                    + " not answered " + TimeUnit.NANOSECONDS.toSeconds(GridPause.NANOS) + " s ago at most; not written", Duration.ofSeconds(1), "grid");
        }
        try {
            write.run();
        } catch (McpException e) {
            if ("grid".equals(e.limit())) {
                pause.begin();
            }
            throw e;
        }
    }
}
