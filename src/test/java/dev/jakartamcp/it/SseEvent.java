package dev.jakartamcp.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

/**
 * One server-sent event as received: its fields, or a comment line ({@code comment} non-null), or the end of the
 * stream ({@code end}). {@code data} is null when the event had no data field at all.
 */
public record SseEvent(String id, String event, String data, Long retry, String comment, boolean end) {

    static SseEvent ofComment(String text) {
        return new SseEvent(null, null, null, null, text, false);
    }

    static final SseEvent END = new SseEvent(null, null, null, null, null, true);

    public boolean isComment() {
        return comment != null;
    }

    /** An event whose data is empty (the 2025-11-25 priming event). */
    public boolean isEmptyData() {
        return !end && comment == null && (data == null || data.isEmpty());
    }

    /** The data as a JSON object, or null for comments, the end marker and events without data. */
    public JsonObject json() {
        if (isEmptyData() || end || comment != null) {
            return null;
        }
        JsonStructure s = McpHttpClient.parse(data);
        return s instanceof JsonObject o ? o : null;
    }
}
