package dev.jakartamcp.it.model;

import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;

/** Tools on beans of other scopes: a fresh instance per request or per call. */
public final class ScopedTools {
    private ScopedTools() {
    }

    @RequestScoped
    public static class PerRequest {
        private int calls;

        @Tool(name = "request_scoped_counter", description = "Counts calls within one HTTP request")
        public String count() {
            return "calls in this request: " + (++calls);
        }
    }

    @Dependent
    public static class PerCall {
        @Tool(name = "dependent_identity", description = "Names the bean instance that served the call")
        public String identity() {
            return "instance " + System.identityHashCode(this);
        }
    }
}
