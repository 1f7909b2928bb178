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

    @Inject
    SessionRelay relay;

    /**
     * On a cluster, a completion this node knows nothing of (the call that asked ran on another node; the page the URL
     * led to was answered here) goes to every other node, and true means it was handed on: whether the client was
     * reached there is not known here.
     */
    @Override
    public boolean complete(String elicitationId) {
        if (elicitationId == null) {
            return false;
        }
        Boolean here = completeHere(elicitationId);
        if (here != null) {
            return here;
        }
        if (relay.node().isEmpty()) {
            return false; // a single server: no client waits for it
        }
        relay.elicitationCompleted(elicitationId);
        return true;
    }

    /**
     * Sends the completion to the session of this node whose call asked {@code elicitationId}: true when sent, false
     * when that session cannot be reached, null when no session here asked it.
     */
    public Boolean completeHere(String elicitationId) {
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
        return null;
    }
}
