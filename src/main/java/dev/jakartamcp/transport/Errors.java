package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

final class Errors {
    private Errors() {
    }

    static JsonObject unsupportedVersionData(String requested) {
        JsonArrayBuilder supported = JsonFactory.createArrayBuilder();
        ProtocolRevision.supportedWire().forEach(supported::add);
        return JsonFactory.createObjectBuilder().add("supported", supported).add("requested", requested == null ? "" : requested).build();
    }
}
