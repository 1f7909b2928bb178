package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.NoticeDelivery;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.Map;
import java.util.Optional;

/**
 * Delivers change notices to the streams of this server: legacy sessions' GET streams and modern subscriptions. Only
 * sessions with a stream here are visited; on a cluster, every node delivers to its own streams.
 */
@ApplicationScoped
public class NotificationRouter implements NoticeDelivery {
    @Inject
    SessionStore sessions;

    @Inject
    LiveSessions lives;

    @Inject
    Subscriptions subscriptions;

    @Override
    public void deliver(ChangeNotice notice) {
        JsonObject legacyParams = notice.uri() == null ? null : JsonFactory.createObjectBuilder().add("uri", notice.uri()).build();
        JsonObject message = JsonRpc.notification(notice.notificationMethod(), legacyParams);
        for (Map.Entry<String, LiveSession> local : lives.snapshot().entrySet()) {
            EventStream stream = local.getValue().standalone();
            if (stream == null || !stream.isConnected()) {
                continue;
            }
            if (notice.kind() == ChangeNotice.Kind.RESOURCE_UPDATED) {
                Optional<McpSession> session = sessions.peek(local.getKey());
                if (session.isEmpty() || !session.get().isSubscribed(notice.uri())) {
                    continue;
                }
            }
            stream.send(message);
        }
        subscriptions.deliver(notice);
    }
}
