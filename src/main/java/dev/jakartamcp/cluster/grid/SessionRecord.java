package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.Set;

/** A session as the grid keeps it: JSON text, so that every node reads it whatever its version. */
record SessionRecord(ProtocolRevision revision, JsonObject capabilities, JsonObject clientInfo, String ownerKey, String quotaKey,
                     long createdAt, long lastAccess, boolean initialized, LogLevel logLevel, Set<String> subscriptions) {

    SessionRecord {
        subscriptions = Set.copyOf(subscriptions);
    }

    SessionRecord touched(long now) {
        return new SessionRecord(revision, capabilities, clientInfo, ownerKey, quotaKey, createdAt, now, initialized, logLevel, subscriptions);
    }

    SessionRecord markedInitialized() {
        return new SessionRecord(revision, capabilities, clientInfo, ownerKey, quotaKey, createdAt, lastAccess, true, logLevel, subscriptions);
    }

    SessionRecord withLogLevel(LogLevel level) {
        return new SessionRecord(revision, capabilities, clientInfo, ownerKey, quotaKey, createdAt, lastAccess, initialized, level, subscriptions);
    }

    SessionRecord withSubscriptions(Set<String> uris) {
        return new SessionRecord(revision, capabilities, clientInfo, ownerKey, quotaKey, createdAt, lastAccess, initialized, logLevel, uris);
    }

    String toJson() {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder()
                .add("r", revision.wire()).add("c", capabilities).add("o", ownerKey).add("q", quotaKey)
                .add("t0", createdAt).add("ta", lastAccess).add("in", initialized);
        if (clientInfo != null) {
            b.add("i", clientInfo);
        }
        if (logLevel != null) {
            b.add("l", logLevel.wire());
        }
        JsonArrayBuilder subs = JsonFactory.createArrayBuilder();
        subscriptions.forEach(subs::add);
        return b.add("s", subs).build().toString();
    }

    static SessionRecord fromJson(String json) {
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            Set<String> subs = new LinkedHashSet<>();
            o.getJsonArray("s").forEach(v -> subs.add(((JsonString) v).getString()));
            return new SessionRecord(ProtocolRevision.fromWire(o.getString("r")).orElseThrow(), o.getJsonObject("c"),
                    o.containsKey("i") ? o.getJsonObject("i") : null, o.getString("o"), o.getString("q"),
                    o.getJsonNumber("t0").longValue(), o.getJsonNumber("ta").longValue(), o.getBoolean("in"),
                    o.containsKey("l") ? LogLevel.fromWire(o.getString("l")).orElse(null) : null, subs);
        }
    }
}
