package dev.jakartamcp.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
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

    HttpSink(AsyncContext async, HttpServletResponse response) {
        this.async = async;
        this.response = response;
    }

    boolean isOpen() {
        return open && !completed;
    }

    synchronized boolean write(String text) {
        if (!isOpen()) {
            return false;
        }
        try {
            ServletOutputStream out = response.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
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
