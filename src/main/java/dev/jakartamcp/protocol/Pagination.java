package dev.jakartamcp.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Cursor pagination over a list sorted by a unique key. The cursor names the last key served, so a page boundary
 * stays stable while items are added or removed, and the list it was given for: a cursor of another list (a
 * tools/list cursor sent to prompts/list) is refused as invalid (-32602), as is text not of a cursor's form. It is not
 * sealed: one made up in that form starts the page after the key it names, within the list the caller may see.
 */
public final class Pagination {
    private Pagination() {
    }

    public record Page<T>(List<T> items, String nextCursor) {
    }

    /** One page of {@code sorted}, the items of the list {@code list} (e.g. "tools"), after the request's cursor. */
    public static <T> Page<T> page(String list, List<T> sorted, JsonObject params, int pageSize, Function<T, String> key) {
        String after = null;
        JsonValue cursor = params.get("cursor");
        if (cursor != null && cursor != JsonValue.NULL) {
            if (!(cursor instanceof JsonString s)) {
                throw McpException.invalidParams("Invalid params: cursor must be a string");
            }
            after = decode(list, s.getString());
        }
        int start = 0;
        if (after != null) {
            while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + pageSize);
        List<T> items = sorted.subList(start, end);
        String next = end < sorted.size() ? encode(list, key.apply(sorted.get(end - 1))) : null;
        return new Page<>(List.copyOf(items), next);
    }

    /**
     * A list result: one page of {@code sorted} under {@code listKey} (e.g. "tools"), each item as {@code describe}
     * renders it, and {@code nextCursor} when more follow.
     */
    public static <T> JsonObject listResult(String listKey, List<T> sorted, JsonObject params, int pageSize,
                                            Function<T, String> key, Function<T, JsonObject> describe) {
        Page<T> page = page(listKey, sorted, params, pageSize, key);
        JsonArrayBuilder items = JsonFactory.createArrayBuilder();
        page.items().forEach(item -> items.add(describe.apply(item)));
        JsonObjectBuilder result = JsonFactory.createObjectBuilder().add(listKey, items);
        if (page.nextCursor() != null) {
            result.add("nextCursor", page.nextCursor());
        }
        return result.build();
    }

    private static String encode(String list, String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(prefix(list).concat(key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String list, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(prefix(list))) {
                return text.substring(prefix(list).length());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw McpException.invalidParams("Invalid params: unknown cursor");
    }

    /** What a cursor of {@code list} starts with; a list key has no space, so no list's prefix starts another's. */
    private static String prefix(String list) {
        return list + " after:";
    }
}
