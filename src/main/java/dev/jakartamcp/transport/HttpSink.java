package dev.jakartamcp.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open HTTP response an SSE stream is written to. Writes are serialised; the first failed write marks the
 * client as gone, which is how a closed stream is noticed.
 */
final class HttpSink {
    private static final Logger LOG = Logger.getLogger(HttpSink.class.getName());

    private final AsyncContext async;
    private final HttpServletResponse response;
    private volatile boolean open = true;
    private volatile boolean completed;
    private Runnable onComplete = () -> { };

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

    boolean write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    synchronized boolean write(byte[] bytes) {
        if (!isOpen()) {
            return false;
        }
        try {
            ServletOutputStream out = response.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException | IllegalStateException e) {
            open = false;
        }
        return open;
    }

    synchronized void complete() {
        if (completed) {
            return;
        }
        completed = true;
        try {
            async.complete();
        } catch (IllegalStateException e) {
            LOG.log(Level.FINE, "response already completed", e);
        } finally {
            Runnable action = onComplete;
            onComplete = () -> { };
            action.run();
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
