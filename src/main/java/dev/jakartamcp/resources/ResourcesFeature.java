package dev.jakartamcp.resources;

import dev.jakartamcp.api.ResourceContents;
import dev.jakartamcp.beans.ContentJson;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Pagination;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.security.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** resources/list, resources/templates/list, resources/read, and (2025 revisions) resources/subscribe and unsubscribe. */
@ApplicationScoped
public class ResourcesFeature implements McpFeature {
    private static final Logger LOG = Logger.getLogger(ResourcesFeature.class.getName());

    @Inject
    ResourceRegistry registry;

    @Inject
    AccessPolicy access;

    @Inject
    McpSettings settings;

    @Override
    public List<McpMethod> methods() {
        return List.of(
                McpMethod.both("resources/list", ex -> list(ex, registry.resources(), "resources")).asCacheable(),
                McpMethod.both("resources/templates/list", ex -> list(ex, registry.templates(), "resourceTemplates")).asCacheable(),
                McpMethod.both("resources/read", this::read).asCacheable().allowingInputRequired(),
                McpMethod.legacyOnly("resources/subscribe", ex -> subscription(ex, true)),
                McpMethod.legacyOnly("resources/unsubscribe", ex -> subscription(ex, false)));
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        JsonObjectBuilder resources = Json.createObjectBuilder();
        if (!revision.isModern()) {
            resources.add("subscribe", true);
        }
        capabilities.add("resources", resources.add("listChanged", true));
    }

    private JsonObject list(Exchange exchange, List<ResourceRegistry.Registered> all, String key) {
        List<ResourceRegistry.Registered> visible = all.stream().filter(r -> access.permits(exchange.caller(), r.rolesAllowed())).toList();
        return Pagination.listResult(key, visible, exchange.params(), settings.pageSize(),
                ResourceRegistry.Registered::key, ResourceRegistry.Registered::descriptor);
    }

    private JsonObject read(Exchange exchange) {
        if (!(exchange.params().get("uri") instanceof JsonString uriValue)) {
            throw McpException.invalidParams("Invalid params: resources/read needs a string 'uri'");
        }
        String uri = uriValue.getString();
        Map.Entry<ResourceRegistry.Registered, Map<String, String>> found = registry.resolve(uri)
                .orElseThrow(() -> notFound(uri, exchange.revision()));
        ResourceRegistry.Registered resource = found.getKey();
        if (!access.permits(exchange.caller(), resource.rolesAllowed())) {
            throw access.denied("resource " + uri, resource.rolesAllowed());
        }
        Object returned;
        try {
            returned = resource.reader().read(uri, found.getValue(), new ExchangeContext(exchange));
        } catch (InputRequiredSignal | McpException e) {
            throw e;
        } catch (Exception e) {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "Reading resource " + uri + " failed (reference " + reference + ")", e);
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Reading the resource failed (reference " + reference + ")");
        }
        return Json.createObjectBuilder().add("contents", contents(uri, resource.mimeType(), returned)).build();
    }

    private static JsonArrayBuilder contents(String uri, String mimeType, Object returned) {
        JsonArrayBuilder contents = Json.createArrayBuilder();
        Function<Object, JsonObject> one = item -> {
            if (item instanceof ResourceContents rc) {
                return ContentJson.of(rc);
            }
            if (item instanceof byte[] bytes) {
                return ContentJson.of(new ResourceContents.Blob(uri, mimeType, Base64.getEncoder().encodeToString(bytes)));
            }
            return ContentJson.of(new ResourceContents.Text(uri, mimeType, item == null ? "" : item.toString()));
        };
        if (returned instanceof Collection<?> items) {
            items.forEach(i -> contents.add(one.apply(i)));
        } else {
            contents.add(one.apply(returned));
        }
        return contents;
    }

    /** Resource not found: -32002 up to 2025-11-25, -32602 from 2026-07-28; the data names the URI either way. */
    static McpException notFound(String uri, ProtocolRevision revision) {
        int code = revision.isModern() ? ErrorCode.INVALID_PARAMS : ErrorCode.RESOURCE_NOT_FOUND;
        return new McpException(code, "Resource not found: " + uri, Json.createObjectBuilder().add("uri", uri).build(), 200);
    }

    private JsonObject subscription(Exchange exchange, boolean subscribe) {
        if (!(exchange.params().get("uri") instanceof JsonString uri)) {
            throw McpException.invalidParams("Invalid params: needs a string 'uri'");
        }
        exchange.session().ifPresent(s -> {
            if (subscribe) {
                s.subscriptions().add(uri.getString());
            } else {
                s.subscriptions().remove(uri.getString());
            }
        });
        return JsonValue.EMPTY_JSON_OBJECT;
    }
}
