package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.CallersItems;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.security.ResourceServer;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;

/**
 * What the sessions and the tasks resources of the operations API share: things that belong to callers, listed
 * ({@code GET}: all of them or one subject's, newest first, {@code limit} per page, the next page from the
 * {@code nextCursor} of the one before, how many matched) and
 * ended by id or by subject, never all at once, each change audited ({@link OperatorAction}).
 */
abstract class CallersItemsResource<T> {
    static final String EMPTY_SUBJECT = "subject is empty: name a token's sub claim";

    @Inject
    ResourceServer server;

    @Inject
    Observations observations;

    @Inject
    HttpServletRequest request;

    /** The member of the listing's JSON that holds the items: {@code sessions}, {@code tasks}. */
    abstract String listName();

    /** Where an item stands in the listing, which shows the newest {@link Listing.Position#at()} first. */
    abstract Listing.Position position(T item);

    /** The store the items live in. */
    abstract CallersItems<T> items();

    abstract JsonObject describe(T item);

    /**
     * The answer of the resource's {@code GET} (declared there: neither Jersey nor RESTEasy serve a resource method a
     * CDI bean inherits).
     */
    Response listing(String subject, String limit, String cursor) {
        Optional<Response> repeated = repeated("subject", "limit", "cursor");
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Optional<Integer> shown = Listing.limit(limit);
        if (shown.isEmpty()) {
            return OperatorAction.invalid(Listing.LIMIT_PROBLEM);
        }
        if (subject != null && subject.isEmpty()) {
            return OperatorAction.invalid(EMPTY_SUBJECT);
        }
        Optional<Listing.Position> after = cursor == null ? Optional.empty() : Listing.Position.ofCursor(cursor);
        if (cursor != null && after.isEmpty()) {
            return OperatorAction.invalid(Listing.CURSOR_PROBLEM);
        }
        Listing<T> listing = new Listing<>(this::position, shown.get(), after.orElse(null));
        if (subject == null) {
            items().forEach(listing);
        } else {
            items().ownedBy(ownerOf(subject)).forEach(listing);
        }
        JsonArrayBuilder array = JsonFactory.createArrayBuilder();
        listing.shown().forEach(item -> array.add(describe(item)));
        JsonObjectBuilder json = JsonFactory.createObjectBuilder().add(listName(), array).add("matched", listing.matched())
                .add("limit", listing.limit());
        listing.nextCursor().ifPresent(next -> json.add("nextCursor", next));
        return OperatorAction.ok(json.build());
    }

    /** Why a DELETE by subject cannot be served ({@code whenMissing}: the answer's words without one), if it cannot. */
    Optional<Response> subjectProblem(String subject, String whenMissing) {
        Optional<Response> repeated = repeated("subject");
        if (repeated.isPresent()) {
            return repeated;
        }
        if (subject == null) {
            return Optional.of(OperatorAction.invalid(whenMissing));
        }
        return subject.isEmpty() ? Optional.of(OperatorAction.invalid(EMPTY_SUBJECT)) : Optional.empty();
    }

    /**
     * A query parameter given more than once, which JAX-RS would hand on as its first value only: {@code
     * DELETE ?subject=alice&subject=bob} ended alice's sessions alone and answered as if it had done what was asked.
     */
    Optional<Response> repeated(String... names) {
        for (String name : names) {
            String[] values = request.getParameterValues(name);
            if (values != null && values.length > 1) {
                return Optional.of(OperatorAction.invalid(name + " is given " + values.length + " times: give it once"));
            }
        }
        return Optional.empty();
    }

    /** The items of {@code subject}: the operations API is only open with authorization on, so its issuer is the one. */
    List<T> ofSubject(String subject) {
        return items().ownedBy(ownerOf(subject));
    }

    private String ownerOf(String subject) {
        return Caller.bindingKey(server.settings().issuer(), subject);
    }

    /** Adds {@code issuer} and {@code subject} of an owner key ({@code Caller.bindingKey()}). */
    static JsonObjectBuilder owner(String ownerKey, JsonObjectBuilder json) {
        int split = ownerKey.indexOf('\n');
        return json.add("issuer", split < 0 ? "" : ownerKey.substring(0, split)).add("subject", ownerKey.substring(split + 1));
    }
}
