package dev.jakartamcp.transport;

import jakarta.servlet.http.HttpServletResponse;

final class SseHeaders {
    private SseHeaders() {
    }

    static void apply(HttpServletResponse response) {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-transform");
        response.setHeader("X-Accel-Buffering", "no");
    }
}
