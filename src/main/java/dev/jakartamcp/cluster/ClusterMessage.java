package dev.jakartamcp.cluster;

import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.StringReader;

/**
 * What one node tells the others: a change clients must hear about, a session that ended, a task that changed, or
 * what a client sent for a request running on another node. Travels as JSON text, so that nodes never exchange serialised application classes.
 */
public record ClusterMessage(Type type, String sessionId, String requestId, String payload) {

    public enum Type { NOTICE, SESSION_ENDED, ANSWER, CANCEL, TASK_CHANGED, ELICITATION_COMPLETED }

    public static ClusterMessage notice(ChangeNotice notice) {
        return new ClusterMessage(Type.NOTICE, null, notice.uri(), notice.kind().name());
    }

    public static ClusterMessage sessionEnded(String sessionId) {
        return new ClusterMessage(Type.SESSION_ENDED, sessionId, null, null);
    }

    public static ClusterMessage answer(String sessionId, String requestId, JsonObject message) {
        return new ClusterMessage(Type.ANSWER, sessionId, requestId, message.toString());
    }

    /** A task (of the tasks extension) changed or was dropped; its id travels as {@code requestId}. */
    public static ClusterMessage taskChanged(String taskId) {
        return new ClusterMessage(Type.TASK_CHANGED, null, taskId, null);
    }

    /** A URL mode elicitation is done; its id travels as {@code requestId}. */
    public static ClusterMessage elicitationCompleted(String elicitationId) {
        return new ClusterMessage(Type.ELICITATION_COMPLETED, null, elicitationId, null);
    }

    public static ClusterMessage cancel(String sessionId, String requestId) {
        return new ClusterMessage(Type.CANCEL, sessionId, requestId, null);
    }

    /** The change a {@link Type#NOTICE} carries. */
    public ChangeNotice changeNotice() {
        return new ChangeNotice(ChangeNotice.Kind.valueOf(payload), requestId);
    }

    public JsonObject payloadObject() {
        try (JsonReader reader = JsonFactory.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }

    public String toJson() {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("t", type.name());
        if (sessionId != null) {
            b.add("s", sessionId);
        }
        if (requestId != null) {
            b.add("r", requestId);
        }
        if (payload != null) {
            b.add("p", payload);
        }
        return b.build().toString();
    }

    public static ClusterMessage fromJson(String json) {
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            return new ClusterMessage(Type.valueOf(o.getString("t")), o.getString("s", null), o.getString("r", null),
                    o.getString("p", null));
        }
    }
}
