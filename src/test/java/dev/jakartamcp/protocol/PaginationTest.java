package dev.jakartamcp.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaginationTest {
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

    private static JsonObject list(String listKey, List<String> items, String cursor) {
        JsonObject params = cursor == null ? JsonObject.EMPTY_JSON_OBJECT
                : JsonFactory.createObjectBuilder().add("cursor", cursor).build();
        return Pagination.listResult(listKey, items, params, 2, Function.identity(),
                name -> JsonFactory.createObjectBuilder().add("name", name).build());
    }

    private static List<String> names(JsonObject result, String listKey) {
        return result.getJsonArray(listKey).getValuesAs(JsonObject.class).stream().map(o -> o.getString("name")).toList();
    }

    @Test
    void followingTheCursorsShowsEveryItemOnceInOrder() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = list("tools", NAMES, cursor);
            seen.addAll(names(page, "tools"));
            cursor = page.get("nextCursor") instanceof JsonString next ? next.getString() : null;
        } while (cursor != null);
        assertEquals(NAMES, seen);
    }

    @Test
    void aPageBoundaryStaysWhereItWasWhenItemsAreAddedOrRemoved() {
        String cursor = list("prompts", NAMES, null).getString("nextCursor");
        assertEquals(List.of("c", "d"), names(list("prompts", List.of("a", "c", "d", "e"), cursor), "prompts"));
        assertEquals(List.of("b2", "c"), names(list("prompts", List.of("a", "b", "b2", "c"), cursor), "prompts"));
    }

    /** Invalid cursors SHOULD result in -32602 (utilities/pagination): a cursor of another list is not this list's. */
    @Test
    void aCursorOfAnotherListIsInvalidParams() {
        String toolsCursor = list("tools", NAMES, null).getString("nextCursor");
        for (String other : List.of("prompts", "resources", "resourceTemplates")) {
            McpException e = assertThrows(McpException.class, () -> list(other, NAMES, toolsCursor), other);
            assertEquals(ErrorCode.INVALID_PARAMS, e.code(), other);
            assertEquals("Invalid params: unknown cursor", e.getMessage());
        }
        String resourcesCursor = list("resources", NAMES, null).getString("nextCursor");
        assertThrows(McpException.class, () -> list("resourceTemplates", NAMES, resourcesCursor));
    }

    @Test
    void aCursorThisServerDidNotGiveIsInvalidParams() {
        String unboundFormat = Base64.getUrlEncoder().withoutPadding().encodeToString("after:b".getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of("", "!!", "bm90IGEgY3Vyc29y", unboundFormat)) {
            McpException e = assertThrows(McpException.class, () -> list("tools", NAMES, cursor), cursor);
            assertEquals(ErrorCode.INVALID_PARAMS, e.code(), cursor);
        }
        McpException e = assertThrows(McpException.class, () -> Pagination.listResult("tools", NAMES,
                JsonFactory.createObjectBuilder().add("cursor", 3).build(), 2, Function.identity(),
                name -> JsonObject.EMPTY_JSON_OBJECT));
        assertEquals("Invalid params: cursor must be a string", e.getMessage());
    }

    @Test
    void theLastPageHasNoNextCursor() {
        assertNull(list("tools", List.of("a", "b"), null).get("nextCursor"));
    }
}
