package dev.jakartamcp.protocol;

import jakarta.json.JsonObjectBuilder;

import java.util.List;

/** A CDI bean that serves a group of MCP methods (tools, resources, ...) and declares its server capabilities. */
public interface McpFeature {
    List<McpMethod> methods();

    /** Adds this feature's entries to the server's {@code capabilities} object. */
    void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities);
}
