package dev.jakartamcp.transport;

/** One server-sent event. {@code id} is null for events that cannot be resumed. */
record SseEvent(String id, String data) {

    String wire() {
        StringBuilder b = new StringBuilder(data.length() + 48);
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("event: message\n");
        b.append("data: ").append(data).append("\n\n");
        return b.toString();
    }
}
