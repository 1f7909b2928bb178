package dev.jakartamcp.pipeline;

import dev.jakartamcp.ops.AuditTrail;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.lang.reflect.Proxy;
import java.util.Optional;

/** An {@link AuthorExecution} outside the container (plain threads, the given context service), for tests of other packages. */
public final class AuthorExecutions {
    private AuthorExecutions() {
    }

    public static AuthorExecution create(ContextService contexts) {
        AuthorExecution execution = new AuthorExecution();
        execution.settings = new McpSettings(key -> Optional.empty());
        execution.audit = new AuditTrail() {
            @Override
            public boolean stalled() {
                return false;
            }
        };
        execution.threads = (ManagedThreadFactory) Proxy.newProxyInstance(AuthorExecutions.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "newThread" -> new Thread((Runnable) args[0], "execution-test");
                    case "toString" -> "threads";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        execution.contexts = contexts;
        execution.start();
        return execution;
    }

    public static void stop(AuthorExecution execution) {
        execution.stop();
    }
}
