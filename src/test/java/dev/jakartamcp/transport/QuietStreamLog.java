package dev.jakartamcp.transport;

import java.util.List;
import java.util.Optional;

/** A stream log whose writes do nothing and which knows no stream: tests override what they need it to answer. */
abstract class QuietStreamLog implements StreamLog {
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
}
