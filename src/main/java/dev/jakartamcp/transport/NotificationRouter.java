package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;

/** Delivers change notices: on legacy sessions' GET streams and on modern subscriptions. */
@ApplicationScoped
public class NotificationRouter {
    @Inject
    SessionStore sessions;

    @Inject
    LiveSessions lives;

    @Inject
    Subscriptions subscriptions;

    void onChange(@Observes ChangeNotice notice) {
        JsonObject legacyParams = notice.uri() == null ? null : JsonFactory.createObjectBuilder().add("uri", notice.uri()).build();
        JsonObject message = JsonRpc.notification(notice.notificationMethod(), legacyParams);
        for (McpSession session : sessions.all()) {
            if (notice.kind() == ChangeNotice.Kind.RESOURCE_UPDATED && !session.isSubscribed(notice.uri())) {
                continue;
            }
            LiveSession live = lives.snapshot().get(session.id());
            EventStream stream = live == null ? null : live.standalone();
            if (stream != null && stream.isConnected()) {
                stream.send(message);
            }
        }
        subscriptions.deliver(notice);
    }
}
