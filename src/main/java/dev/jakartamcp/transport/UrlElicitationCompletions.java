package dev.jakartamcp.transport;

import dev.jakartamcp.api.UrlElicitations;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.JsonRpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * {@code notifications/elicitation/complete} (2025-11-25) for URL mode elicitations: only to the session whose call
 * asked, on that call's stream while it is open, else on the session's GET stream. Each session remembers its last
 * 32 URL mode elicitations; a completion is sent once.
 */
@ApplicationScoped
public class UrlElicitationCompletions implements UrlElicitations {
    @Inject
    LiveSessions lives;

    @Override
    public boolean complete(String elicitationId) {
        if (elicitationId == null) {
            return false;
        }
        JsonObject notification = JsonRpc.notification("notifications/elicitation/complete",
                JsonFactory.createObjectBuilder().add("elicitationId", elicitationId).build());
        for (LiveSession live : lives.snapshot().values()) {
            Optional<ResponseStream> origin = live.urlElicitationCompleted(elicitationId);
            if (origin.isPresent()) {
                if (origin.get().notifyIfOpen(notification)) {
                    return true;
                }
                EventStream standalone = live.standalone();
                if (standalone != null && standalone.isConnected()) {
                    standalone.send(notification);
                    return true;
                }
                return false;
            }
        }
        return false;
    }
}
