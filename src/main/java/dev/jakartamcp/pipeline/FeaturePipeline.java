package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.limits.RateLimits;
import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Pagination;
import dev.jakartamcp.protocol.RequestStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one path every use of a tool, prompt, resource, resource template or completion takes:
 * resolve → operator overrides → access decision → the item's limits (rate, calls at once, time) → request state →
 * invoke → error mapping → observed
 * (what it resolved to and how it ended go into the request's {@link Observation}: metrics, trace, audit trail).
 * Lists go through the same overrides and access decision, so a caller sees exactly what it may use.
 */
@ApplicationScoped
public class FeaturePipeline {
    private static final Logger LOG = Logger.getLogger(FeaturePipeline.class.getName());

    @Inject
    ItemOverrides overrides;

    @Inject
    RateLimits rateLimits;

    @Inject
    RequestStates requestStates;

    @Inject
    McpSettings settings;

    @Inject
    ItemConcurrency concurrency;

    /** The items {@code caller} may see, with overrides applied, in the order given. */
    public <I extends McpItem> List<EffectiveItem<I>> visible(Caller caller, Collection<I> items) {
        return items.stream().map(overrides::effective)
                .filter(e -> e.enabled() && permits(caller, e.access()))
                .toList();
    }

    /** A list result (tools/list, …): one page of the items the caller may see, described with overrides applied. */
    public <I extends McpItem> JsonObject list(Exchange exchange, String listKey, List<I> items, Function<I, String> key) {
        List<EffectiveItem<I>> visible = visible(exchange.caller(), items);
        return Pagination.listResult(listKey, visible, exchange.params(), settings.pageSize(), e -> key.apply(e.item()),
                EffectiveItem::descriptor);
    }

    /** Whether {@code item} is switched on now, whoever asks. */
    public boolean enabled(McpItem item) {
        return overrides.enabled(item);
    }

    /** Whether {@code caller} may use {@code item} now (switched on and permitted). */
    public boolean usable(Caller caller, McpItem item) {
        return overrides.enabled(item) && permits(caller, overrides.access(item));
    }

    public <T extends Target> JsonObject run(Exchange exchange, Operation<T> operation) {
        Caller caller = exchange.caller();
        return observed(exchange, operation.requestedName(exchange), outcome -> {
            T target;
            try {
                target = operation.resolve(exchange, overrides::enabled);
            } catch (McpException e) {
                outcome.set(Outcome.INVALID);
                throw e;
            }
            McpItem item = target.item();
            exchange.observation().item(item);
            EffectiveItem<McpItem> effective = overrides.effective(item);
            boolean itemPermitted = permits(caller, effective.access());
            boolean targetPermitted = permits(caller, target.additionalAccess());
            if (!itemPermitted || !targetPermitted) {
                outcome.set(Outcome.DENIED);
                throw denied(item, missed(itemPermitted ? null : effective.access(), targetPermitted ? null : target.additionalAccess()));
            }
            // a call the client must send again with what it did not declare spends none of the item's limits
            operation.checkNegotiated(target, exchange);
            if (target.runsItem()) {
                exchange.holdItemPlace(itemLimits(exchange, effective));
            }
            try {
                requestStates.resume(exchange);
                JsonObject result = invoke(operation, target, exchange);
                outcome.set(operation.outcome(result));
                return result;
            } finally {
                exchange.takeItemPlace().run(); // nothing when a task took it over
            }
        });
    }

    /**
     * An operation on what names no item to resolve (resources/unsubscribe ends a subscription whatever became of its
     * resource): no overrides, access decision or item limits, but audited, and its failures mapped, like every other.
     * What {@code parsed} refuses is invalid, as what a resolve refuses is.
     */
    public <P> JsonObject runWithoutItem(Exchange exchange, String requestedName, Supplier<P> parsed, Function<P, JsonObject> work) {
        return observed(exchange, requestedName, outcome -> {
            P target;
            try {
                target = parsed.get();
            } catch (McpException e) {
                outcome.set(Outcome.INVALID);
                throw e;
            }
            JsonObject result = work.apply(target);
            outcome.set(Outcome.OK);
            return result;
        });
    }

    /**
     * The audit step of every operation: what was asked for, and how it ended, into the request's observation. Its
     * method says that it is audited ({@code McpMethod.asAudited()}), so that the dispatcher's own refusals of it are
     * too; marked here again for an operation run by another way than the dispatcher's.
     */
    private static JsonObject observed(Exchange exchange, String requestedName, Function<AuditedOutcome, JsonObject> steps) {
        Observation observed = exchange.observation();
        observed.audited();
        observed.requested(requestedName);
        AuditedOutcome outcome = new AuditedOutcome();
        try {
            return steps.apply(outcome);
        } catch (InputRequiredSignal signal) {
            outcome.set(Outcome.INPUT_REQUIRED);
            throw signal;
        } catch (McpException e) {
            // a limit is named where it was checked (item, tasks); an error no step decided on (thrown by the item
            // while it ran: an EJB container's refusal, a missing argument, a resource its template does not find, a
            // mirrored header that differs) ends as what it tells the caller, as a request outside the pipeline does
            if (e.reason() == McpException.Reason.RATE_LIMITED || e.reason() == McpException.Reason.OVER_CAPACITY
                    || outcome.value == Outcome.FAILED) {
                outcome.set(Observation.outcomeOf(e));
            }
            if (e.code() == ErrorCode.HEADER_MISMATCH) {
                observed.reason("header_mismatch");
            }
            throw e;
        } finally {
            observed.outcome(outcome.value);
        }
    }

    /** How the operation ended so far: failed until a step says otherwise. */
    private static final class AuditedOutcome {
        private Outcome value = Outcome.FAILED;

        void set(Outcome outcome) {
            value = outcome;
        }
    }

    /**
     * The item's own limits of a call that runs it: its bound of calls at once (503; the bound's place is given back by
     * what this returns, when the call ends or, for a task, when its work ends), then its rate limit (429), its time limit
     * (given to the exchange, whose deadline is watched by the transport).
     */
    private Runnable itemLimits(Exchange exchange, EffectiveItem<McpItem> effective) {
        McpItem item = effective.item();
        overrides.timeLimit(item).ifPresent(exchange::limitTime);
        try {
            // the place first: a call refused for capacity (503, retry in a second) must not spend a use of its rate
            // limit, which a limit of one an hour would then refuse for the hour
            Runnable place = overrides.maxConcurrent(item).map(max -> concurrency.enter(item, max)).orElse(() -> { });
            try {
                // counted under the item's property: its label and name ("resource template x") would also name a
                // resource called "template x", which would then spend the template's uses
                effective.rateLimit().ifPresent(limit -> rateLimits.checkItem(exchange.caller(),
                        item.kind().key(item.name(), "rate-limit"), item.kind().label() + " " + item.name(), limit));
            } catch (RuntimeException e) {
                place.run();
                throw e;
            }
            return place;
        } catch (McpException e) {
            if (e.limit() == null) {
                exchange.observation().reason("item"); // the limit it hit is the item's own
            }
            throw e;
        }
    }

    private static <T extends Target> JsonObject invoke(Operation<T> operation, T target, Exchange exchange) {
        try {
            return operation.invoke(target, exchange);
        } catch (InputRequiredSignal | McpException e) {
            throw e;
        } catch (Exception e) {
            if (wrapsInputRequired(e, exchange)) {
                // the author's code (or an EJB container) wrapped the signal: the client is still to be asked, not failed
                throw new InputRequiredSignal();
            }
            return recover(operation, target, e);
        } catch (Error e) {
            if (!isAuthorFailure(e)) {
                throw e;
            }
            return recover(operation, target, e);
        }
    }

    /** Whether {@code e} holds the signal of a question the request has still to ask (and so is no failure). */
    private static boolean wrapsInputRequired(Throwable e, Exchange exchange) {
        return !exchange.pendingInputRequests().isEmpty() && Causes.first(e, InputRequiredSignal.class).isPresent();
    }

    /**
     * Whether an {@link Error} out of the author's code is the author's failure, answered as one like an exception:
     * an {@code AssertionError}, a {@code LinkageError} (a tool JAR missing a class it needs), a
     * {@code StackOverflowError} (deep recursion). The JVM running out of memory, or failing itself, is not.
     */
    /** What an EJB container throws for a caller its method's security annotations refuse (named: EJB may be absent). */
    static final String EJB_ACCESS_EXCEPTION = "jakarta.ejb.EJBAccessException";

    public static boolean isAuthorFailure(Error e) {
        return !(e instanceof VirtualMachineError) || e instanceof StackOverflowError;
    }

    /**
     * The answer to an unexpected failure of the author's code: logged under a reference, answered as the operation
     * says (a tool error result). Also for work that goes on after the call was answered (a task). An McpException the
     * code (or an EJB container) wrapped is no such failure: the request's own answer (the client's missing
     * capability, its elicitation that failed), thrown as itself.
     */
    public static <T extends Target> JsonObject recover(Operation<T> operation, T target, Throwable e) {
        Optional<VirtualMachineError> jvm = Causes.first(e, VirtualMachineError.class).filter(error -> !isAuthorFailure(error));
        if (jvm.isPresent()) {
            // the JVM's own failure wrapped by an EJB container (EJBException) or a future (CompletionException): not
            // the author's, as when thrown bare
            throw jvm.get();
        }
        Optional<McpException> answer = Causes.first(e, McpException.class);
        if (answer.isPresent()) {
            throw answer.get();
        }
        boolean returnedWork = e instanceof ReturnedWorkFailure;
        Throwable failure = returnedWork ? e.getCause() : e;
        if (!returnedWork && Causes.firstNamed(e, EJB_ACCESS_EXCEPTION).filter(refused -> !ranIn(refused, target)).isPresent()) {
            // a session bean's container checks its method's own @RolesAllowed again, against the container's caller:
            // an operator's roles override or authorization switched off does not change that check, and its refusal is
            // the caller's, not the author's failure
            throw McpException.forbidden("Forbidden: " + target.item().kind().label() + " " + target.item().name()
                    + " was refused by its EJB container's own security check", Set.of(),
                    JsonFactory.createObjectBuilder().add("error", "forbidden").build());
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.WARNING, operation.method() + " of " + target.item().kind().label() + " " + target.item().name()
                + " (" + target.item().source() + ") failed (reference " + reference + ")", failure);
        return operation.unexpected(target, reference);
    }

    /**
     * {@code e}, thrown by work the item's method returned (a {@code TaskWork}), marked as the item's own failure when
     * it holds an {@code EJBAccessException}: the work runs after the method returned, so no frame of the method shows
     * that it was another bean the work called that refused, not the container's check of the item's own method.
     */
    public static Exception ofReturnedWork(Exception e) {
        return Causes.firstNamed(e, EJB_ACCESS_EXCEPTION).isPresent() ? new ReturnedWorkFailure(e) : e;
    }

    /** See {@link #ofReturnedWork}: unwrapped by {@link #recover}, which logs what the work threw. */
    private static final class ReturnedWorkFailure extends Exception {
        ReturnedWorkFailure(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Whether {@code e} was thrown with the item's own method on the stack: then its code called another bean that
     * refused, the author's failure; the container's refusal of the item's own method comes before the method runs.
     */
    private static boolean ranIn(Throwable e, Target target) {
        String method = target.javaMethodName();
        if (method == null) {
            return true; // a definition made in code: never a session bean's method the container checks
        }
        java.util.Set<String> classes = target.javaClassNames();
        boolean onInvokingThread = false;
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getMethodName().equals(method) && classes.contains(frame.getClassName())) {
                return true;
            }
            onInvokingThread |= frame.getClassName().equals(INVOKER);
        }
        // the container checks the item's own method on the thread that calls it, through the invoker: a refusal made
        // on another thread (a bean the code called through an executor, the exception handed back by join or get)
        // is another bean's, after the item's code ran
        return !onInvokingThread;
    }

    /** The class whose frame is on the stack of every call of an item's method (named: the beans package is above this one). */
    private static final String INVOKER = "dev.jakartamcp.beans.BeanInvoker";

    static boolean permits(Caller caller, Access access) {
        return access.permits(caller.roles(), caller.verified());
    }

    /**
     * 403: with the permissions that would help when a role requirement was missed (so that the client can step up),
     * without any when the item is denied to everybody.
     */
    /**
     * What a denied caller lacks when the item's access ({@code item}) and the target's own ({@code target}, e.g. a
     * completer's) may both have refused (null: that one permitted). If either admits nobody, no step-up helps; a
     * permission both accept asks for one scope that passes both. Otherwise the item's comes first (a challenge names
     * alternatives, any one of which would do, so it cannot ask for one of each).
     */
    static Access missed(Access item, Access target) {
        if (item == null || target == null) {
            return item != null ? item : target;
        }
        if (item.rule() != Access.Rule.ROLES_ALLOWED || target.rule() != Access.Rule.ROLES_ALLOWED) {
            return Access.denyAll();
        }
        java.util.List<String> both = item.roles().stream().filter(target.roles()::contains).toList();
        return both.isEmpty() ? item : Access.rolesAllowed(both);
    }

    private static McpException denied(McpItem item, Access missed) {
        String what = item.kind().label() + " " + item.name();
        if (missed.rule() != Access.Rule.ROLES_ALLOWED) {
            return McpException.forbidden("Forbidden: " + what + " is not available to any caller", Set.of(),
                    JsonFactory.createObjectBuilder().add("error", "forbidden").build());
        }
        JsonArrayBuilder scopes = JsonFactory.createArrayBuilder();
        missed.roles().forEach(scopes::add);
        return McpException.forbidden("Forbidden: " + what + " needs one of the permissions " + missed.roles(), missed.roles(),
                JsonFactory.createObjectBuilder().add("error", "insufficient_scope").add("requiredScopes", scopes).build());
    }
}
