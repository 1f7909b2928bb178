package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ResourceUris;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpDispatcher;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpExtension;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.ResourceWatch;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Open {@code subscriptions/listen} streams (2026-07-28): each gets exactly the notification types it asked for. */
@ApplicationScoped
public class Subscriptions {
    /** A listen stream's token ended before the stream was acknowledged. */
    private static final Object EXPIRED = new Object();

    @Inject
    StreamTimers timers;

    @Inject
    OpenStreams openStreams;

    @Inject
    HttpErrors errors;

    @Inject
    McpSettings settings;

    @Inject
    McpDispatcher dispatcher;

    @Inject
    Instance<ResourceWatch> resourceWatch;

    @Inject
    @Any
    Instance<McpExtension> extensions;

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();

    /** Set once the drain (or the bean's end) closed the subscriptions: one opened after is closed at once. */
    private volatile boolean closedForShutdown;

    record Filter(boolean tools, boolean prompts, boolean resources, Set<String> uris) {
        /** The filter a client asked for, keeping only the resources {@code watchable} accepts. */
        static Filter of(JsonObject notifications, Predicate<String> watchable) {
            Set<String> uris = new LinkedHashSet<>();
            if (notifications.get("resourceSubscriptions") instanceof JsonArray a) {
                a.forEach(v -> {
                    if (v instanceof JsonString s && watchable.test(s.getString())) {
                        uris.add(ResourceUris.normalized(s.getString())); // as updates are announced
                    }
                });
            }
            return new Filter(isTrue(notifications, "toolsListChanged"),
                    isTrue(notifications, "promptsListChanged"), isTrue(notifications, "resourcesListChanged"), uris);
        }

        private static boolean isTrue(JsonObject o, String key) {
            return o.get(key) == JsonValue.TRUE;
        }

        boolean wants(ChangeNotice notice) {
            return switch (notice.kind()) {
                case TOOLS -> tools;
                case PROMPTS -> prompts;
                case RESOURCES -> resources;
                case RESOURCE_UPDATED -> uris.contains(notice.uri());
            };
        }

        /** The part of the filter this server honours, echoed in the acknowledgement. */
        JsonObject acknowledged() {
            JsonObjectBuilder b = JsonFactory.createObjectBuilder();
            if (tools) {
                b.add("toolsListChanged", true);
            }
            if (prompts) {
                b.add("promptsListChanged", true);
            }
            if (resources) {
                b.add("resourcesListChanged", true);
            }
            if (!uris.isEmpty()) {
                JsonArrayBuilder a = JsonFactory.createArrayBuilder();
                uris.forEach(a::add);
                b.add("resourceSubscriptions", a);
            }
            return b.build();
        }
    }

    record Listener(JsonValue subscriptionId, Caller caller, Filter filter, EventStream stream, HttpSink sink) {
        JsonObject meta() {
            return JsonFactory.createObjectBuilder().add(Exchange.META_SUBSCRIPTION_ID, subscriptionId).build();
        }

        /** The {@code _meta} of its graceful-closure result: the subscription's id and, as every result's, serverInfo. */
        JsonObject resultMeta(JsonObject serverInfo) {
            return JsonFactory.createObjectBuilder(meta()).add(Exchange.META_SERVER_INFO, serverInfo).build();
        }
    }

    /** Opens a subscription, or refuses it; {@code observation}, the request's, is told the error of a refusal. */
    void open(IncomingPost post, JsonValue id, JsonObject params, Observation observation) {
        Consumer<McpException> refused = observation::failed;
        // required by the 2026-07-28 schema (SubscriptionsListenRequestParams); each of its members is optional
        if (!(params.get("notifications") instanceof JsonObject notifications)) {
            refuse(post, refused, 400, id, new McpException(ErrorCode.INVALID_PARAMS,
                    "Invalid params: subscriptions/listen needs a 'notifications' object"));
            return;
        }
        if (!post.accept().sse()) {
            refuse(post, refused, 406, id, new McpException(ErrorCode.INVALID_REQUEST,
                    "Not Acceptable: subscriptions/listen answers with text/event-stream"));
            return;
        }
        // both checked by ModernExchanges before it hands the request here
        JsonObject capabilities = params.getJsonObject("_meta").getJsonObject(Exchange.META_CLIENT_CAPABILITIES);
        for (McpExtension extension : extensions) {
            if (extension.definedFor(ProtocolRevision.LATEST) && !McpExtension.declared(capabilities, extension.id())) {
                for (String member : extension.listenNotifications()) {
                    if (notifications.containsKey(member)) {
                        McpException e = extension.missingCapability("notifications." + member + " of subscriptions/listen");
                        refuse(post, refused, HttpErrors.status(e, ProtocolRevision.LATEST), id, e);
                        return;
                    }
                }
            }
        }
        int max = settings.maxSubscriptionsPerSession();
        if (max > 0 && notifications.get("resourceSubscriptions") instanceof JsonArray uris && uris.size() > max) {
            refuse(post, refused, 400, id, new McpException(ErrorCode.INVALID_PARAMS, "Invalid params: at most " + max
                    + " resourceSubscriptions per subscription (mcp.subscriptions.max-per-session)"));
            return;
        }
        // at 0 the server offers no resource subscriptions (subscribe: false): left out of the acknowledgement, as a
        // notification type a server does not support is, while the rest of the subscription stands
        Filter filter = Filter.of(notifications, uri -> max > 0 && mayWatch(post.caller(), uri));
        // the listener once acknowledged, or EXPIRED when the token's end came first: whichever comes second closes it,
        // so that the acknowledgement is always the stream's first message (a token accepted within the clock skew has
        // expired already, and its end runs at once)
        java.util.concurrent.atomic.AtomicReference<Object> opened = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            // a subscription opened with a token ends (gracefully) when the token expires
            openStreams.open(post.caller(), "subscriptions/listen", post.sink(), () -> {
                if (!opened.compareAndSet(null, EXPIRED) && opened.get() instanceof Listener l) {
                    close(l);
                }
            }, observation, null);
        } catch (McpException e) {
            refused.accept(e);
            errors.answer(post.request(), post.response(), post.sink(), id, e);
            return;
        }
        post.response().setStatus(200);
        SseHeaders.apply(post.response());
        try {
            post.response().flushBuffer();
        } catch (IOException e) {
            post.sink().complete();
            return;
        }
        // from here on the stream's writes are non-blocking
        EventStream stream = new EventStream(ResponseStream.newStreamId(), false, post.sink(), timers::nonBlocking);
        Listener listener = new Listener(id, post.caller(), filter, stream, post.sink());
        // established before it is acknowledged, and nothing sent on it before the acknowledgement: a change the client
        // makes once it has the acknowledgement must reach the stream, and a notice delivered meanwhile waits for the
        // stream's lock (before, a change made at once, on this node or another, could arrive before the listener was
        // added and be lost)
        synchronized (stream) {
            listeners.add(listener);
            stream.send(JsonRpc.notification("notifications/subscriptions/acknowledged",
                    JsonFactory.createObjectBuilder().add("_meta", listener.meta()).add("notifications", filter.acknowledged()).build()));
        }
        post.sink().whenCompleted(() -> listeners.remove(listener));
        timers.keepAlive(post.sink(), () -> stream.comment("keep-alive"));
        if (!opened.compareAndSet(null, listener)) {
            close(listener); // its token expired meanwhile
            return;
        }
        if (closedForShutdown) {
            // its request passed the servlet's drain check just before the drain began: nothing would close it later
            // (either closeAll sees it or this sees the mark; a second close answers nothing more)
            close(listener);
        }
    }

    private static void refuse(IncomingPost post, Consumer<McpException> refused, int status, JsonValue id, McpException e) {
        refused.accept(e);
        post.fail(status, id, e.code(), e.getMessage(), e.data());
    }

    /** Ends one subscription with its graceful-closure response. */
    private void close(Listener l) {
        listeners.remove(l);
        EventStream stream = l.stream();
        synchronized (stream) { // the stream's own lock: two closes at once (the drain, a late open) answer once
            if (stream.isFinished()) {
                return;
            }
            stream.send(JsonRpc.result(l.subscriptionId(),
                    JsonFactory.createObjectBuilder().add("resultType", "complete").add("_meta", l.resultMeta(dispatcher.serverInfo())).build()));
            stream.finish();
        }
    }

    /** Whether a subscription is open here. */
    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void deliver(ChangeNotice notice) {
        for (Listener l : listeners) {
            if (!l.sink().isOpen()) {
                listeners.remove(l);
                continue;
            }
            if (l.filter().wants(notice) && mayHear(l, notice)) {
                JsonObjectBuilder p = JsonFactory.createObjectBuilder().add("_meta", l.meta());
                if (notice.uri() != null) {
                    p.add("uri", notice.uri());
                }
                l.stream().send(JsonRpc.notification(notice.notificationMethod(), p.build()));
            }
        }
    }

    /**
     * Whether the stream's caller may be told of {@code notice} now. An update names a resource, so it reaches the
     * stream only while the caller may still read that resource: an operator may have switched it off or changed its
     * roles since the stream opened. A list change names nothing; what the caller may see in the list it asks for.
     */
    private boolean mayHear(Listener l, ChangeNotice notice) {
        return notice.kind() != ChangeNotice.Kind.RESOURCE_UPDATED || mayWatch(l.caller(), notice.uri());
    }

    /** Whether {@code caller} may be told of changes of {@code uri} now (also asked for 2025 sessions' GET streams). */
    boolean mayWatch(Caller caller, String uri) {
        return resourceWatch.isResolvable() && resourceWatch.get().mayWatch(caller, uri);
    }

    /** On shutdown (the drain, and again when the bean ends) each subscription gets its graceful-closure response. */
    @PreDestroy
    void closeAll() {
        closedForShutdown = true;
        for (Listener l : List.copyOf(listeners)) {
            close(l);
        }
    }
}
