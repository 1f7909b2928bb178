package dev.jakartamcp.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open HTTP response an answer or an SSE stream is written to. Writes are serialised; the first failed write marks
 * the client as gone, which is how a closed stream is noticed.
 *
 * <p>A plain answer is written as it comes (blocking, on the thread that answers). Once a response becomes a stream
 * ({@link #nonBlocking}) writes never block: they queue here and go out as the client takes them, so that a client
 * that stops reading holds up nobody who writes to it: not the fan-out of notifications, not a keep-alive timer. A
 * stream whose unsent bytes would exceed its bound is ended as a slow consumer. They go out through servlet
 * non-blocking output ({@link WriteListener}, {@code isReady()}) where the container's non-blocking writes do not
 * block (Payara's Grizzly); Open Liberty's do (its {@code write} and {@code flush} in non-blocking mode still write
 * synchronously to the socket), so there a writer thread takes them out of the queue and writes them, without this
 * sink's lock: it may wait for the client (up to the server's write timeout), the writers to the stream never do.
 */
final class HttpSink {
    private static final Logger LOG = Logger.getLogger(HttpSink.class.getName());

    /** Told when a stream is ended as a slow consumer (for the log line and the metric). */
    interface SlowConsumers {
        void ended(long unsentBytes, long bound);

        SlowConsumers NONE = (unsent, bound) -> { };
    }

    private final AsyncContext async;
    private final HttpServletResponse response;
    private volatile boolean open = true;
    private volatile boolean completed;
    private Runnable onComplete = () -> { };
    /** Told once when the response becomes a stream ({@link #nonBlocking}). */
    private Runnable onStreaming = () -> { };

    private long maxUnsent = -1;
    private SlowConsumers slowConsumers = SlowConsumers.NONE;
    private ServletOutputStream out;
    private boolean writable;
    private boolean flushNeeded;
    /** Set where the container's writes block: the writer threads that write the queue out. */
    private java.util.concurrent.Executor writerThreads;
    private boolean draining;
    private boolean completeWhenSent;
    private final Deque<byte[]> unsent = new ArrayDeque<>();
    private long unsentBytes;

    /** Puts the request in async mode without a timeout (streams may stay open long) and wraps its response. */
    static HttpSink start(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        HttpSink sink = new HttpSink(async, response);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                sink.ended();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                sink.ended();
            }

            @Override
            public void onError(AsyncEvent event) {
                sink.ended();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        return sink;
    }

    /** The container ended the response (completed, failed, client gone): nothing more can be written. */
    private void ended() {
        Runnable action;
        synchronized (this) {
            open = false;
            completed = true;
            unsent.clear();
            unsentBytes = 0;
            action = onComplete;
            onComplete = () -> { };
        }
        action.run();
    }

    HttpSink(AsyncContext async, HttpServletResponse response) {
        this.async = async;
        this.response = response;
    }

    boolean isOpen() {
        return open && !completed;
    }

    /**
     * From now on writes never block: what the client has not taken yet waits here, at most {@code maxUnsentBytes}
     * (one message larger than that still goes out when nothing else waits); a write beyond ends the response and
     * tells {@code slow}. Called once the response's headers went out; later calls change nothing.
     */
    synchronized void nonBlocking(long maxUnsentBytes, SlowConsumers slow, java.util.concurrent.Executor writers) {
        nonBlocking(maxUnsentBytes, slow, writers, false);
    }

    /** {@code useWriters}: write through {@code writers} whatever the container (tests). */
    synchronized void nonBlocking(long maxUnsentBytes, SlowConsumers slow, java.util.concurrent.Executor writers, boolean useWriters) {
        if (maxUnsent >= 0 || !isOpen()) {
            return;
        }
        Runnable streaming = onStreaming;
        onStreaming = () -> { };
        streaming.run();
        maxUnsent = maxUnsentBytes;
        slowConsumers = slow;
        try {
            out = response.getOutputStream();
            if (useWriters || writesBlock(out)) {
                writerThreads = writers;
                writable = true;
                return;
            }
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    writePossible();
                }

                @Override
                public void onError(Throwable t) {
                    LOG.log(Level.FINE, "stream write failed", t);
                    gone();
                }
            });
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "no non-blocking output for this response", e);
            open = false;
        }
    }

    /** Open Liberty: writes in non-blocking mode still block (see the class comment). */
    private static boolean writesBlock(ServletOutputStream out) {
        return out.getClass().getName().startsWith("com.ibm.ws.");
    }

    boolean write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    boolean write(byte[] bytes) {
        if (!isOpen()) {
            // without the lock: a writer thread may hold it while it ends the response
            return false;
        }
        return queueOrWrite(bytes);
    }

    private synchronized boolean queueOrWrite(byte[] bytes) {
        if (!isOpen() || completeWhenSent) {
            return false;
        }
        if (maxUnsent < 0) {
            try {
                ServletOutputStream blocking = response.getOutputStream();
                blocking.write(bytes);
                blocking.flush();
            } catch (IOException | IllegalStateException e) {
                open = false;
            }
            return open;
        }
        if (!unsent.isEmpty() && unsentBytes + bytes.length > maxUnsent) {
            long was = unsentBytes + bytes.length;
            abandon();
            slowConsumers.ended(was, maxUnsent);
            return false;
        }
        unsent.addLast(bytes);
        unsentBytes += bytes.length;
        send();
        return open;
    }

    /** Unsent bytes waiting for the client (streams only). */
    synchronized long unsentBytes() {
        return unsentBytes;
    }

    private synchronized void writePossible() {
        writable = true;
        send();
    }

    /** Writes what waits while the container takes it; {@code isReady()} false means it calls {@link #writePossible} later. */
    private void send() {
        if (writerThreads != null) {
            startWriter();
            return;
        }
        if (!writable || completed || !open) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = unsent.pollFirst();
                if (next != null) {
                    unsentBytes -= next.length;
                    out.write(next);
                    flushNeeded = true;
                } else if (flushNeeded) {
                    flushNeeded = false;
                    out.flush();
                } else {
                    if (completeWhenSent) {
                        completeNow();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "stream write failed", e);
            gone();
        }
    }

    /** A writer thread takes the queue out, unless one is at it; it also ends the response when that is asked. */
    private void startWriter() {
        if (draining || completed || (unsent.isEmpty() && !completeWhenSent && open)) {
            return;
        }
        draining = true;
        try {
            writerThreads.execute(this::writeOut);
        } catch (RuntimeException e) {
            draining = false;
            LOG.log(Level.FINE, "no writer thread for a stream; it ends", e);
            open = false;
            unsent.clear();
            unsentBytes = 0;
            completeNow();
        }
    }

    /** On a writer thread: writes what waits, one message at a time, outside the lock; ends the response when asked. */
    private void writeOut() {
        while (true) {
            byte[] next;
            Runnable end = null;
            synchronized (this) {
                if (completed) {
                    draining = false;
                    return;
                }
                next = open ? unsent.pollFirst() : null;
                if (next == null) {
                    if (open && !completeWhenSent) {
                        draining = false;
                        return;
                    }
                    draining = false;
                    end = markCompleted();
                } else {
                    unsentBytes -= next.length;
                }
            }
            if (end != null) {
                endResponse(end);
                return;
            }
            try {
                out.write(next);
                out.flush();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "stream write failed", e);
                Runnable failed;
                synchronized (this) {
                    open = false;
                    unsent.clear();
                    unsentBytes = 0;
                    draining = false;
                    failed = markCompleted();
                }
                if (failed != null) {
                    endResponse(failed);
                }
                return;
            }
        }
    }

    /** Marks the response completed; what to run (outside the lock) to end it, or null if it already was. */
    private Runnable markCompleted() {
        if (completed) {
            return null;
        }
        completed = true;
        unsent.clear();
        unsentBytes = 0;
        Runnable action = onComplete;
        onComplete = () -> { };
        return action;
    }

    private void endResponse(Runnable action) {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            LOG.log(Level.FINE, "response already completed", e);
        } finally {
            action.run();
        }
    }

    /** The client is gone: what waits is dropped, the response ends. */
    private synchronized void gone() {
        open = false;
        unsent.clear();
        unsentBytes = 0;
        completeNow();
    }

    /** Ends the response now, dropping what the client has not taken (a slow consumer). */
    private void abandon() {
        open = false;
        unsent.clear();
        unsentBytes = 0;
        if (writerThreads != null) {
            // ending the response writes to the socket: a writer thread does it
            startWriter();
            return;
        }
        completeNow();
    }

    /**
     * Ends the response once what was written before has gone out (at once for a plain answer); asked again while that
     * still waits for the client (a keep-alive round later), ends it at once.
     */
    synchronized void complete() {
        if (completed) {
            return;
        }
        if (writerThreads != null) {
            if (completeWhenSent || !open) {
                open = false;
                unsent.clear();
                unsentBytes = 0;
            }
            completeWhenSent = true;
            startWriter();
            return;
        }
        if (maxUnsent >= 0 && open && !completeWhenSent && (!unsent.isEmpty() || !writable || flushNeeded)) {
            completeWhenSent = true;
            send();
            return;
        }
        completeNow();
    }

    private void completeNow() {
        Runnable action = markCompleted();
        if (action != null) {
            endResponse(action);
        }
    }

    /** Runs {@code action} once, when the response becomes a stream (at once if it is one already). */
    synchronized void whenStreaming(Runnable action) {
        if (maxUnsent >= 0) {
            action.run();
            return;
        }
        Runnable previous = onStreaming;
        onStreaming = () -> {
            previous.run();
            action.run();
        };
    }

    /** Runs {@code action} once the response completes (at once if it already has). */
    synchronized void whenCompleted(Runnable action) {
        if (completed) {
            action.run();
            return;
        }
        Runnable previous = onComplete;
        onComplete = () -> {
            previous.run();
            action.run();
        };
    }

    void markGone() {
        open = false;
    }
}
