package dev.jakartamcp.resources;

import dev.jakartamcp.protocol.ResourceUris;
import dev.jakartamcp.api.ResourceContents;
import dev.jakartamcp.api.ResourceNotFoundException;
import dev.jakartamcp.beans.ContentJson;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.beans.ParameterViolations;
import dev.jakartamcp.beans.ReturnedValue;
import dev.jakartamcp.pipeline.Causes;
import dev.jakartamcp.pipeline.FeaturePipeline;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.pipeline.Operation;
import dev.jakartamcp.pipeline.Target;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.ResourceWatch;
import dev.jakartamcp.protocol.SessionView;
import dev.jakartamcp.protocol.Texts;
import dev.jakartamcp.schema.ArgumentBindingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolationException;

import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * resources/list, resources/templates/list, resources/read, and (2025 revisions) resources/subscribe and
 * unsubscribe: what differs for resources; the rest is the {@link FeaturePipeline}.
 */
@ApplicationScoped
public class ResourcesFeature implements McpFeature, ResourceWatch {
    @Inject
    ResourceRegistry registry;

    @Inject
    FeaturePipeline pipeline;

    @Inject
    McpSettings settings;

    private final Operation<ResourceUse> read = new ReadOperation();
    private final Operation<ResourceUse> subscribe = new SubscribeOperation();

    @Override
    public List<McpMethod> methods() {
        return List.of(
                McpMethod.both("resources/list", ex -> list(ex, registry.resources(), "resources")).asCacheable(),
                McpMethod.both("resources/templates/list", ex -> list(ex, registry.templates(), "resourceTemplates")).asCacheable(),
                McpMethod.both("resources/read", ex -> pipeline.run(ex, read)).asCacheable().allowingInputRequired().namedBy("uri").asAudited(),
                McpMethod.legacyOnly("resources/subscribe", ex -> pipeline.run(ex, subscribe)).asAudited(),
                McpMethod.legacyOnly("resources/unsubscribe", this::unsubscribe).asAudited());
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        // subscribe: resources/subscribe up to 2025-11-25; from 2026-07-28 the resourceSubscriptions of
        // subscriptions/listen, which the spec ties to this capability as well. Not while the operator allows none
        // (mcp.subscriptions.max-per-session=0): a client that reads the capability then never asks to be refused.
        capabilities.add("resources", JsonFactory.createObjectBuilder().add("subscribe", subscriptionsAllowed()).add("listChanged", true));
    }

    /** A malformed value set while the server runs fails the subscriptions that read it, not every initialize. */
    private boolean subscriptionsAllowed() {
        return LiveFallback.read(settings::maxSubscriptionsPerSession, McpSettings.DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION) > 0;
    }

    @Override
    public boolean mayWatch(Caller caller, String uri) {
        // the item the URI names whoever asks, as resources/read resolves it, then whether this caller may use it: a
        // restricted resource is not watched through a public template that matches its URI too
        return registry.resolve(uri, pipeline::enabled) // a URI beyond MAX_URI_LENGTH resolves to nothing
                .filter(found -> pipeline.usable(caller, found.getKey())).isPresent();
    }

    private JsonObject list(Exchange exchange, List<ResourceRegistry.Registered> all, String key) {
        return pipeline.list(exchange, key, all, ResourceRegistry.Registered::key);
    }

    /** A request that named a resource by URI, resolved to a resource or a matching template with its variables. */
    record ResourceUse(ResourceRegistry.Registered item, String uri, Map<String, String> variables, boolean runsItem)
            implements Target {
    }

    private abstract class ResourceOperation extends Operation<ResourceUse> {
        /** Whether the request runs the resource's code, so that its rate-limit, max-concurrent and timeout apply. */
        private final boolean runsItem;

        ResourceOperation(String method, boolean runsItem) {
            super(method, "uri");
            this.runsItem = runsItem;
        }

        @Override
        public ResourceUse resolve(Exchange exchange, Predicate<McpItem> usable) {
            if (!(exchange.params().get("uri") instanceof JsonString uriValue)) {
                throw McpException.invalidParams("Invalid params: " + method() + " needs a string 'uri'");
            }
            String uri = ResourceRegistry.checkLength(uriValue.getString());
            Map.Entry<ResourceRegistry.Registered, Map<String, String>> found = registry.resolve(uri, usable)
                    .orElseThrow(() -> notFound(uri, exchange.revision()));
            return new ResourceUse(found.getKey(), uri, found.getValue(), runsItem);
        }

        @Override
        public JsonObject unexpected(ResourceUse target, String reference) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Reading the resource failed (reference " + reference + ")");
        }
    }

    private final class ReadOperation extends ResourceOperation {
        ReadOperation() {
            super("resources/read", true);
        }

        @Override
        public JsonObject invoke(ResourceUse target, Exchange exchange) throws Exception {
            Object returned;
            try {
                returned = target.item().reader().read(target.uri(), target.variables(), new ExchangeContext(exchange));
            } catch (ArgumentBindingException e) {
                throw McpException.invalidParams("Invalid params: variable '" + e.argumentName() + "' of " + target.item().key()
                        + " " + e.getMessage());
            } catch (McpException | InputRequiredSignal e) {
                throw e;
            } catch (Exception e) {
                // also when wrapped: by an EJB container (a session bean's method) or the author's catch
                if (Causes.first(e, ResourceNotFoundException.class).isPresent()) {
                    throw notFound(target.uri(), exchange.revision());
                }
                // the container's Bean Validation of the template method's parameters: the caller's URI is refused
                Optional<String> refused = Causes.first(e, ConstraintViolationException.class)
                        .flatMap(violated -> ParameterViolations.of(violated, target.item().javaMethodName(), target.item().javaClassNames()));
                if (refused.isPresent()) {
                    throw McpException.invalidParams("Invalid params: variables of " + target.item().key() + ": " + refused.get());
                }
                throw e;
            }
            // an Optional reads as its value, an empty one as null
            return JsonFactory.createObjectBuilder()
                    .add("contents", contents(target.uri(), target.item().mimeType(), ReturnedValue.unwrapped(returned))).build();
        }
    }

    /**
     * A subscription is a use of the resource like a read: it must exist, be switched on and readable by the caller;
     * it runs none of the resource's code, so the resource's rate limit and bound of reads at once do not count it.
     */
    private final class SubscribeOperation extends ResourceOperation {
        SubscribeOperation() {
            super("resources/subscribe", false);
        }

        @Override
        public JsonObject invoke(ResourceUse target, Exchange exchange) {
            SessionView session = exchange.session().orElseThrow(() -> McpException.invalidParams("Invalid params: no session"));
            int max = settings.maxSubscriptionsPerSession();
            // kept in normal form, as updates are announced: another spelling of the URI heard nothing
            if (!session.subscribe(ResourceUris.normalized(target.uri()), max)) {
                throw McpException.invalidParams("Invalid params: a session holds at most " + max
                        + " resource subscriptions (mcp.subscriptions.max-per-session); unsubscribe from others first");
            }
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /**
     * Ends the session's subscription to the URI, whatever became of what it named: removed, switched off or no longer
     * readable by the caller, it is not resolved like a read (which would refuse it and keep the subscription counting
     * against {@code mcp.subscriptions.max-per-session} for the session's life). Audited like every operation.
     */
    private JsonObject unsubscribe(Exchange exchange) {
        JsonValue given = exchange.params().get("uri");
        return pipeline.runWithoutItem(exchange, given instanceof JsonString s ? s.getString() : "?", () -> {
            if (!(given instanceof JsonString uriValue)) {
                throw McpException.invalidParams("Invalid params: resources/unsubscribe needs a string 'uri'");
            }
            String uri = ResourceRegistry.checkLength(uriValue.getString());
            return Map.entry(exchange.session().orElseThrow(() -> McpException.invalidParams("Invalid params: no session")), uri);
        }, subscription -> {
            subscription.getKey().unsubscribe(ResourceUris.normalized(subscription.getValue()));
            return JsonValue.EMPTY_JSON_OBJECT;
        });
    }

    private static JsonArrayBuilder contents(String uri, String mimeType, Object returned) {
        JsonArrayBuilder contents = JsonFactory.createArrayBuilder();
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
            ReturnedValue.unwrappedElements(items).forEach(i -> contents.add(one.apply(i)));
        } else {
            contents.add(one.apply(returned));
        }
        return contents;
    }

    /** Resource not found: -32002 up to 2025-11-25, -32602 from 2026-07-28; the data names the URI either way. */
    static McpException notFound(String uri, ProtocolRevision revision) {
        int code = revision.isModern() ? ErrorCode.INVALID_PARAMS : ErrorCode.RESOURCE_NOT_FOUND;
        String shown = Texts.cut(uri, 200);
        return new McpException(code, "Resource not found: " + shown, JsonFactory.createObjectBuilder().add("uri", shown).build(),
                McpException.Reason.FAILED);
    }
}
