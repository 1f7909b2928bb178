package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

final class Errors {
    private Errors() {
    }

    static JsonObject unsupportedVersionData(String requested) {
        JsonArrayBuilder supported = Json.createArrayBuilder();
        ProtocolRevision.supportedWire().forEach(supported::add);
        return Json.createObjectBuilder().add("supported", supported).add("requested", requested == null ? "" : requested).build();
    }
}
