package dev.jakartamcp.session;

import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;

import java.lang.annotation.Annotation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An {@link InMemorySessionStore} outside CDI, for tests of other packages. */
public final class InMemoryStores {
    private InMemoryStores() {
    }

    public static InMemorySessionStore create(McpSettings settings) {
        InMemorySessionStore store = new InMemorySessionStore();
        store.settings = settings;
        store.ended = new Event<>() {
            @Override
            public void fire(SessionEnded event) {
            }

            @Override
            public <U extends SessionEnded> CompletionStage<U> fireAsync(U event) {
                return CompletableFuture.completedFuture(event);
            }

            @Override
            public <U extends SessionEnded> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
                return CompletableFuture.completedFuture(event);
            }

            @Override
            public Event<SessionEnded> select(Annotation... qualifiers) {
                return this;
            }

            @Override
            public <U extends SessionEnded> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends SessionEnded> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }
        };
        return store;
    }
}
