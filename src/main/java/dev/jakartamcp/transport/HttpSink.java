package dev.jakartamcp.transport;

import jakarta.servlet.AsyncContext;
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

    /** Puts the request in async mode without a timeout (streams may stay open long) and wraps its response. */
    static HttpSink start(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        return new HttpSink(async, response);
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
        }
    }

    void markGone() {
        open = false;
    }
}
