package dev.jakartamcp.it.observability;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.tools.ToolRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * Test fixture tools (permission {@code obs:test}) for the observability ITs: the audit records captured so far,
 * a tool registered while running (whose override may be broken), and the draining switch.
 */
@ApplicationScoped
public class ObservabilityTools {
    static final String LATE_TOOL = "late_tool";

    @Inject
    AuditCapture capture;

    @Inject
    ToolRegistry tools;

    @Inject
    Drain drain;

    @Tool(name = "audit_log", description = "Test fixture: the audit records and lines captured before this call",
            readOnly = true, destructive = false, idempotent = false, openWorld = false)
    @RolesAllowed("obs:test")
    public String auditLog() {
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (AuditRecord r : capture.events()) {
            JsonObjectBuilder e = Json.createObjectBuilder();
            put(e, "time", r.time() == null ? null : r.time().toString());
            put(e, "method", r.method());
            put(e, "itemKind", r.itemKind());
            put(e, "item", r.itemName());
            put(e, "uri", r.resourceUri());
            put(e, "issuer", r.issuer());
            put(e, "subject", r.subject());
            put(e, "clientId", r.clientId());
            put(e, "clientName", r.clientName());
            put(e, "clientVersion", r.clientVersion());
            put(e, "protocolVersion", r.protocolVersion());
            put(e, "argumentsDigest", r.argumentsDigest());
            put(e, "outcome", r.outcome() == null ? null : r.outcome().name());
            put(e, "errorType", r.errorType());
            put(e, "reason", r.reason());
            put(e, "sessionId", r.sessionId());
            put(e, "requestId", r.requestId());
            put(e, "traceId", r.traceId());
            put(e, "remoteAddress", r.remoteAddress());
            if (r.duration() != null) {
                e.add("durationNanos", r.duration().toNanos());
            }
            events.add(e);
        }
        JsonArrayBuilder lines = Json.createArrayBuilder();
        capture.lines().forEach(lines::add);
        return Json.createObjectBuilder().add("events", events).add("lines", lines).build().toString();
    }

    @Tool(name = "register_late_tool", description = "Test fixture: registers late_tool while the server runs",
            readOnly = false, destructive = false, idempotent = true, openWorld = false)
    @RolesAllowed("obs:test")
    public String registerLateTool() {
        tools.register(ToolDefinition.builder(LATE_TOOL).description("registered by a test").handler((args, ctx) -> "late").build());
        return "registered";
    }

    @Tool(name = "remove_late_tool", description = "Test fixture: removes late_tool",
            readOnly = false, destructive = false, idempotent = true, openWorld = false)
    @RolesAllowed("obs:test")
    public String removeLateTool() {
        return tools.remove(LATE_TOOL) ? "removed" : "absent";
    }

    @Tool(name = "start_draining", description = "Test fixture: marks the server draining",
            readOnly = false, destructive = false, idempotent = true, openWorld = false)
    @RolesAllowed("obs:test")
    public String startDraining() {
        drain.begin();
        return "draining";
    }

    private static void put(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }
}
