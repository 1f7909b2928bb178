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

    /**
     * Runs {@code end} once the last bytes of a response have waited long enough for the client: a response asked to
     * end while its client does not read would otherwise keep its socket, request and unsent bytes for as long as the
     * client keeps the connection open (nothing writes to it again, so the slow-consumer bound is never reached).
     */
    interface LastBytesDeadline {
        void after(Runnable end);

        LastBytesDeadline NONE = end -> { };
    }

    /** How long a thread other than the container's waits for it to put a response in async mode (see {@link #detach}). */
    static final long DETACH_WAIT_MILLIS = 30_000;

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    /** The container's thread that runs the request; null for a sink in async mode from the start. */
    private final Thread owner;
    /** The async context, once the request is in async mode. */
    private volatile AsyncContext async;
    /** Whether other threads may write: the request is in async mode, or its owner answered it and returns. */
    private volatile boolean detached;
    /** Told when a thread other than the owner needs the response (the owner waits for a call's outcome, see {@link #whenLeaveNeeded}). */
    private Runnable onLeaveNeeded = () -> { };
    private final Object detaching = new Object();
    private volatile boolean open = true;
    private volatile boolean completed;
    private Runnable onComplete = () -> { };

    /** {@link #DETACH_WAIT_MILLIS}; shorter only in tests of the case where the container's thread never detaches. */
    long detachWaitMillis = DETACH_WAIT_MILLIS;
    private long maxUnsent = -1;
    private SlowConsumers slowConsumers = SlowConsumers.NONE;
    private LastBytesDeadline lastBytesDeadline = LastBytesDeadline.NONE;
    private ServletOutputStream out;
    private boolean writable;
    private boolean flushNeeded;
    /** Set where the container's writes block: the writer threads that write the queue out. */
    private java.util.concurrent.Executor writerThreads;
    private boolean draining;
    private boolean completeWhenSent;
    private final Deque<byte[]> unsent = new ArrayDeque<>();
    private long unsentBytes;
    /** Bytes were dropped before the client took them ({@link #dropUnsent}). */
    private boolean dropped;
    /**
     * Bytes were handed to the container that it has not confirmed sending yet: on Payara until it is ready for more
     * with nothing left to flush, on Liberty while the writer thread's write runs. A response that ends meanwhile
     * dropped them.
     */
    private boolean inFlight;

    /** Puts the request in async mode without a timeout (streams may stay open long) and wraps its response. */
    static HttpSink start(HttpServletRequest request, HttpServletResponse response) {
        HttpSink sink = new HttpSink(request, response, Thread.currentThread());
        sink.startAsync(); // a failure reaches the servlet, which answers it without a sink
        sink.detached = true;
        return sink;
    }

    /**
     * Wraps the response of a request the calling thread (the container's) runs, still in the container's ordinary
     * mode: an answer it writes itself ends when the container's thread returns, as for any servlet. The request
     * goes into async mode only when it must: when the response becomes a stream, or when another thread is to write
     * it after the container's thread has returned ({@link #detach}). Why: a response completed through async mode
     * costs the container a second pass (Payara: the request context set up again for the async listeners, the
     * connection resumed through the selector) that a quick answer does not need.
     */
    static HttpSink deferred(HttpServletRequest request, HttpServletResponse response) {
        return new HttpSink(request, response, Thread.currentThread());
    }

    private HttpSink(HttpServletRequest request, HttpServletResponse response, Thread owner) {
        this.request = request;
        this.response = response;
        this.owner = owner;
    }

    /**
     * On the container's thread, before it leaves the request or stops waiting for its answer: from here on other
     * threads may write the response and end it, also after the container's thread has returned. Puts the request in
     * async mode unless the response is complete already (then nothing more is written). Later calls change nothing.
     */
    void detach() {
        if (detached) {
            return;
        }
        synchronized (detaching) {
            if (detached) {
                return;
            }
            try {
                if (!completed) {
                    startAsync();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The container refused async mode for a response still to be written; it is treated as gone", e);
                open = false;
            } finally {
                detached = true;
                detaching.notifyAll();
            }
        }
    }

    private void startAsync() {
        AsyncContext started = request.startAsync();
        started.setTimeout(0);
        started.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                ended();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                ended();
            }

            @Override
            public void onError(AsyncEvent event) {
                ended();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        async = started;
    }

    /**
     * Runs {@code action} when a thread other than the container's needs to write this response while the container's
     * thread still runs the request (it waits for a call's outcome): the action makes it {@link #detach} and leave.
     */
    void whenLeaveNeeded(Runnable action) {
        synchronized (detaching) {
            Runnable previous = onLeaveNeeded;
            onLeaveNeeded = () -> {
                previous.run();
                action.run();
            };
        }
    }

    /**
     * Before a thread writes or ends the response, holding none of this sink's locks: returns at once on the
     * container's thread or once the response is detached; a thread other than the container's asks it to leave and
     * waits until it has detached the response. False (the response is then treated as gone) only if the container's
     * thread did not within {@link #DETACH_WAIT_MILLIS}, which would be a bug: every path of the servlet detaches
     * before it returns. Callers that hold locks the container's thread takes to answer (a response stream's) call it
     * before taking them.
     */
    boolean mayWrite() {
        if (detached || Thread.currentThread() == owner) {
            return true;
        }
        Runnable leave;
        synchronized (detaching) {
            leave = onLeaveNeeded;
        }
        leave.run();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(detachWaitMillis);
        synchronized (detaching) {
            while (!detached) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warning("The container's thread did not hand over a response within " + detachWaitMillis
                            + " ms; it is treated as gone");
                    open = false;
                    return false;
                }
                try {
                    detaching.wait(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    open = false;
                    return false;
                }
            }
        }
        return true;
    }

    /** The container ended the response (completed, failed, client gone): nothing more can be written. */
    private void ended() {
        Runnable action;
        synchronized (this) {
            open = false;
            completed = true;
            dropUnsent();
            action = onComplete;
            onComplete = () -> { };
        }
        action.run();
    }

    /** A sink for a request already in async mode (tests). */
    HttpSink(AsyncContext async, HttpServletResponse response) {
        this.request = null;
        this.response = response;
        this.owner = null;
        this.async = async;
        this.detached = true;
    }

    boolean isOpen() {
        return open && !completed;
    }

    /** Drops what the client has not taken, remembering that something was dropped. */
    private void dropUnsent() {
        if (!unsent.isEmpty() || inFlight) {
            dropped = true;
        }
        inFlight = false;
        unsent.clear();
        unsentBytes = 0;
    }

    /**
     * Whether everything written to this sink went out, as far as the container confirms (it took it and was ready
     * for more), nothing dropped (the client gone, too slow, a failed write): until then the stream's last events may
     * still be lost, and a client resumes the stream for them.
     */
    synchronized boolean tookEverything() {
        return unsent.isEmpty() && !inFlight && !dropped;
    }

    /**
     * From now on writes never block: what the client has not taken yet waits here, at most {@code maxUnsentBytes}
     * (one message larger than that still goes out when nothing else waits); a write beyond ends the response and
     * tells {@code slow}. Called once the response's headers went out; later calls change nothing.
     */
    void nonBlocking(long maxUnsentBytes, SlowConsumers slow, java.util.concurrent.Executor writers) {
        nonBlocking(maxUnsentBytes, slow, writers, LastBytesDeadline.NONE, false);
    }

    /** As {@link #nonBlocking(long, SlowConsumers, java.util.concurrent.Executor)}; {@code deadline} ends a response whose last bytes wait too long. */
    void nonBlocking(long maxUnsentBytes, SlowConsumers slow, java.util.concurrent.Executor writers, LastBytesDeadline deadline) {
        nonBlocking(maxUnsentBytes, slow, writers, deadline, false);
    }

    /** {@code useWriters}: write through {@code writers} whatever the container (tests). */
    void nonBlocking(long maxUnsentBytes, SlowConsumers slow, java.util.concurrent.Executor writers, LastBytesDeadline deadline,
                     boolean useWriters) {
        if (isOpen() && mayWrite()) {
            streaming(maxUnsentBytes, slow, writers, deadline, useWriters);
        }
    }

    private synchronized void streaming(long maxUnsentBytes, SlowConsumers slow, java.util.concurrent.Executor writers,
                                        LastBytesDeadline deadline, boolean useWriters) {
        if (maxUnsent >= 0 || !isOpen()) {
            return;
        }
        detach(); // on the container's thread that makes it a stream itself: async mode from here on
        if (!isOpen()) {
            return;
        }
        maxUnsent = maxUnsentBytes;
        slowConsumers = slow;
        lastBytesDeadline = deadline;
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
        if (!isOpen() || !mayWrite()) {
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
                    inFlight = true;
                    out.write(next);
                    flushNeeded = true;
                } else if (flushNeeded) {
                    flushNeeded = false;
                    out.flush();
                } else {
                    inFlight = false; // ready for more with nothing to flush: the container sent what it took
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
            dropUnsent();
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
                    inFlight = true;
                }
            }
            if (end != null) {
                endResponse(end);
                return;
            }
            try {
                out.write(next);
                out.flush();
                synchronized (this) {
                    inFlight = false;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "stream write failed", e);
                Runnable failed;
                synchronized (this) {
                    open = false;
                    dropUnsent();
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
        dropUnsent();
        Runnable action = onComplete;
        onComplete = () -> { };
        return action;
    }

    /**
     * Runs what ends with the response, then completes it: in this order because once completed the container may
     * recycle the request object, which what ends with it (a call's {@link GuardedRequest}) must not reach after.
     */
    private void endResponse(Runnable action) {
        try {
            action.run();
        } finally {
            try {
                AsyncContext started = async;
                if (started != null) {
                    started.complete();
                } // else the container's thread answered in the ordinary mode: the response ends when it returns
            } catch (IllegalStateException e) {
                LOG.log(Level.FINE, "response already completed", e);
            }
        }
    }

    /** The client is gone: what waits is dropped, the response ends. */
    private synchronized void gone() {
        open = false;
        dropUnsent();
        completeNow();
    }

    /** Ends the response now, dropping what the client has not taken (a slow consumer). */
    private void abandon() {
        open = false;
        dropUnsent();
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
    void complete() {
        if (!completed && mayWrite()) {
            end();
        }
    }

    private synchronized void end() {
        if (completed) {
            return;
        }
        if (writerThreads != null) {
            if (completeWhenSent || !open) {
                open = false;
                dropUnsent();
            }
            boolean first = !completeWhenSent;
            completeWhenSent = true;
            startWriter();
            if (first && !completed) {
                lastBytesDeadline.after(this::lastBytesWaitedTooLong);
            }
            return;
        }
        if (maxUnsent >= 0 && open && !completeWhenSent && (!unsent.isEmpty() || !writable || flushNeeded || inFlight)) {
            completeWhenSent = true;
            send();
            if (!completed) {
                lastBytesDeadline.after(this::lastBytesWaitedTooLong);
            }
            return;
        }
        completeNow();
    }

    /**
     * The client did not take the response's last bytes in time: they are dropped and the response ends. Where a
     * writer thread is in a blocking write (Open Liberty) it ends the response once that write returns, which the
     * server's write timeout bounds.
     */
    private synchronized void lastBytesWaitedTooLong() {
        if (completed) {
            return;
        }
        open = false;
        dropUnsent();
        if (writerThreads != null && draining) {
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
