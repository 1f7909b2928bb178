package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.McpException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The writes that end streams in the cluster's stream log (finished, abandoned, recorded again as incomplete) which the
 * grid did not take while the node's stream-log writes paused ({@link PausingStreamLog}), or did not answer in time:
 * written once the grid answers again, on the timers' grid thread. Dropped, a stream's record said for its whole TTL
 * that it still ran (a resume on another node followed it, waiting for an end that never came) or there was no record
 * (another node took the resume for a GET stream, and the request was never answered nor refused). Each write records
 * the stream from nothing if need be, and writing one twice, or an older one after a newer, leaves it finished, so the
 * newest per stream is kept, at most {@link #MAX} in all.
 */
final class LateStreamEnds {
    private static final Logger LOG = Logger.getLogger(LateStreamEnds.class.getName());
    /** At most this many streams' ends wait for the grid on one node; beyond, a stream's end is dropped (FINE). */
    static final int MAX = 10_000;

    private final Map<String, Runnable> waiting = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    /** Keeps {@code write}, the newest end of {@code streamId}, for {@link #writeAll}. */
    void keep(String streamId, Runnable write) {
        if (waiting.size() >= MAX && !waiting.containsKey(streamId)) {
            dropped.incrementAndGet();
            LOG.log(Level.FINE, "The end of stream {0} is not kept for the data grid: {1} ends wait already", new Object[]{streamId, MAX});
            return;
        }
        waiting.put(streamId, write);
    }

    /**
     * Writes what waits, unless {@code pause} is on; stops at the first write the grid does not answer in time (which
     * begins the pause again and stays waiting). A write that fails otherwise is dropped.
     */
    void writeAll(GridPause pause) {
        for (Map.Entry<String, Runnable> entry : waiting.entrySet()) {
            if (pause.active()) {
                return;
            }
            if (!waiting.remove(entry.getKey(), entry.getValue())) {
                continue; // a newer end of the stream came meanwhile: the next pass writes it
            }
            try {
                entry.getValue().run();
            } catch (McpException e) {
                if (!"grid".equals(e.limit())) {
                    LOG.log(Level.FINE, "The late end of stream " + entry.getKey() + " was not written", e);
                    continue;
                }
                pause.begin();
                waiting.putIfAbsent(entry.getKey(), entry.getValue());
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "The late end of stream " + entry.getKey() + " was not written", e);
            }
        }
    }

    int waiting() {
        return waiting.size();
    }

    long dropped() {
        return dropped.get();
    }
}
