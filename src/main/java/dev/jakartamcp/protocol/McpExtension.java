package dev.jakartamcp.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Set;

/**
 * An MCP extension (SEP-2133) this server supports, found by the dispatcher as a CDI bean: what it advertises under
 * {@code capabilities.extensions}, in which revisions it is defined, and the methods it adds. The next extension is a
 * new class implementing this interface; the dispatcher advertises it, serves its methods, and refuses them with
 * {@code -32021} (Missing Required Client Capability) to a request that did not declare the extension.
 */
public interface McpExtension {
    String CAPABILITY = "extensions";

    /** The extension identifier, {@code vendor-prefix/name}, e.g. {@code io.modelcontextprotocol/tasks}. */
    String id();

    /** Whether the extension exists in {@code revision}; in others it is neither advertised nor served. */
    boolean definedFor(ProtocolRevision revision);

    /** The settings object advertised under {@code capabilities.extensions[id]}; empty: supported without settings. */
    default JsonObject settings(ProtocolRevision revision) {
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The methods the extension adds. They are served only to requests that declared the extension. */
    List<McpMethod> methods();

    /**
     * Members the extension adds to the {@code notifications} of {@code subscriptions/listen} (e.g. {@code taskIds}).
     * A request that asks for them without declaring the extension is refused with -32021; this server agrees to
     * none of them unless the extension delivers such notifications itself.
     */
    default Set<String> listenNotifications() {
        return Set.of();
    }

    /**
     * Whether the client declared this extension for {@code exchange}: in the request's own
     * {@code _meta["io.modelcontextprotocol/clientCapabilities"]} in 2026-07-28, in the session's {@code initialize}
     * capabilities in 2025 revisions (where {@link Exchange#clientCapabilities()} holds those). Never in a revision
     * the extension is not defined for.
     */
    default boolean declaredBy(Exchange exchange) {
        return definedFor(exchange.revision()) && declared(exchange.clientCapabilities(), id());
    }

    /** The error for a request that needs this extension but did not declare it: -32021, HTTP 400 in 2026-07-28. */
    default McpException missingCapability(String what) {
        JsonObject required = JsonFactory.createObjectBuilder().add(CAPABILITY,
                JsonFactory.createObjectBuilder().add(id(), JsonValue.EMPTY_JSON_OBJECT)).build();
        return new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, "Missing required client capability: " + what
                + " needs the extension " + id() + " in the request's client capabilities",
                JsonFactory.createObjectBuilder().add("requiredCapabilities", required).build(), McpException.Reason.BAD_REQUEST);
    }

    /** Whether {@code clientCapabilities} declare the extension {@code id} (an object under {@code extensions}). */
    static boolean declared(JsonObject clientCapabilities, String id) {
        return clientCapabilities.get(CAPABILITY) instanceof JsonObject extensions && extensions.get(id) instanceof JsonObject;
    }
}
