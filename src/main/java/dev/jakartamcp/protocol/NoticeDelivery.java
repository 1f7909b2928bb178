package dev.jakartamcp.protocol;

/** Delivers a change notice to the clients connected to this server (their open streams and subscriptions). */
public interface NoticeDelivery {
    void deliver(ChangeNotice notice);
}
