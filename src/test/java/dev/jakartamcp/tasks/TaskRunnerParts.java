package dev.jakartamcp.tasks;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** What the container gives a {@link TaskRunner}, made by hand for its unit tests. */
final class TaskRunnerParts {
    private TaskRunnerParts() {
    }

    interface Handler {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    /** An implementation of {@code type} whose methods {@code handler} answers (those of Object answer as a plain one). */
    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<?> type, Handler handler) {
        return (T) Proxy.newProxyInstance(TaskRunnerParts.class.getClassLoader(), new Class<?>[]{type},
                (p, method, args) -> method.getDeclaringClass() == Object.class ? (method.getName().equals("hashCode") ? 0 : null)
                        : handler.handle(method, args));
    }

    /** A scheduled future that can be cancelled and does nothing else. */
    static ScheduledFuture<?> cancellable() {
        return proxy(ScheduledFuture.class, (call, callArgs) -> call.getName().equals("cancel") ? Boolean.TRUE : null);
    }

    /** Observations that note how each task ended, in {@code ended}. */
    static Observations endsInto(List<AuditRecord.Outcome> ended) {
        return endsInto(ended, new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    /** As {@link #endsInto(List)}, and why each ended in {@code reasons} ("-" for none). */
    static Observations endsInto(List<AuditRecord.Outcome> ended, List<String> reasons) {
        return endsInto(ended, reasons, new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    /** As {@link #endsInto(List, List)}, and the trace id of each end's record in {@code traceIds}. */
    static Observations endsInto(List<AuditRecord.Outcome> ended, List<String> reasons, List<String> traceIds) {
        return new Observations() {
            @Override
            public void taskEnded(Caller caller, String toolName, String protocolVersion, AuditRecord.Outcome outcome, String reason,
                                  Duration took, String traceId) {
                ended.add(outcome);
                reasons.add(reason == null ? "-" : reason);
                traceIds.add(traceId);
            }
        };
    }

    /** Request contexts that activate and deactivate without a container. */
    static Instance<RequestContextController> requestContexts() {
        RequestContextController context = proxy(RequestContextController.class, (method, args) -> Boolean.TRUE);
        return proxy(Instance.class, (method, args) -> method.getName().equals("get") ? context : null);
    }

    /** A stateless tools/call of an anonymous caller, the request that starts the tasks. */
    static Exchange anonymousCall() {
        return Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").caller(Caller.anonymous("192.0.2.1")).build();
    }

    /** A runner with {@code template}'s parts over {@code store}, a store of the test's own. */
    static TaskRunner over(TaskRunner template, TaskStore store) {
        TaskRunner runner = new TaskRunner();
        runner.store = store;
        runner.settings = template.settings;
        runner.executor = template.executor;
        runner.scheduler = template.scheduler;
        runner.observations = template.observations;
        runner.requestContexts = template.requestContexts;
        runner.tools = template.tools;
        return runner;
    }
}
