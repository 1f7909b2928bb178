package dev.jakartamcp.protocol;

import dev.jakartamcp.api.McpIcon;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Icons (2025-11-25 and later) as the server hands them out: only {@code https:} URLs and {@code data:image/…} URIs,
 * as the specification's security notes demand of clients (no {@code http:}, {@code javascript:}, {@code file:} or
 * relative references), with well-formed MIME type, sizes and theme. A bad icon is refused when its item is
 * registered, with a message naming the item.
 */
public final class Icons {
    /** Icons travel in every list result: a data URI stays small. */
    static final int MAX_SRC_LENGTH = 65_536;
    static final int MAX_ICONS = 16;
    private static final Pattern MIME = Pattern.compile("image/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final Pattern SIZE = Pattern.compile("any|[1-9][0-9]{0,4}x[1-9][0-9]{0,4}");
    private static final Pattern DATA = Pattern.compile("data:image/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(;[^,;]+)*(;base64)?,.*",
            Pattern.DOTALL);

    private Icons() {
    }

    /** The {@code icons} array for {@code icons}; throws {@link IllegalArgumentException} naming {@code owner}. */
    public static JsonArray of(List<McpIcon> icons, String owner) {
        if (icons.size() > MAX_ICONS) {
            throw new IllegalArgumentException("Too many icons for " + owner + ": at most " + MAX_ICONS);
        }
        JsonArrayBuilder array = JsonFactory.createArrayBuilder();
        for (McpIcon icon : icons) {
            array.add(json(icon, owner));
        }
        return array.build();
    }

    /** Icons written as JSON ({@code mcp.server.icons}): an array of {@code {src, mimeType?, sizes?, theme?}}. */
    public static List<McpIcon> parse(JsonValue value, String owner) {
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("the icons of " + owner + " must be a JSON array of objects with a 'src'");
        }
        List<McpIcon> icons = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonObject o) || !(o.get("src") instanceof JsonString src)) {
                throw new IllegalArgumentException("every icon of " + owner + " needs a string 'src'");
            }
            List<String> sizes = new ArrayList<>();
            if (o.containsKey("sizes")) {
                if (!(o.get("sizes") instanceof JsonArray a) || !a.stream().allMatch(JsonString.class::isInstance)) {
                    throw new IllegalArgumentException("the 'sizes' of an icon of " + owner + " must be an array of strings");
                }
                a.forEach(s -> sizes.add(((JsonString) s).getString()));
            }
            icons.add(new McpIcon(src.getString(), o.getString("mimeType", ""), sizes, o.getString("theme", "")));
        }
        return icons;
    }

    private static JsonObject json(McpIcon icon, String owner) {
        String src = icon.src().strip();
        checkSource(src, owner);
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("src", src);
        if (!icon.mimeType().isEmpty()) {
            if (!MIME.matcher(icon.mimeType()).matches()) {
                throw new IllegalArgumentException("Invalid icon of " + owner + ": mimeType '" + Texts.cut(icon.mimeType(), 80)
                        + "' is not an image MIME type such as image/png");
            }
            b.add("mimeType", icon.mimeType());
        }
        if (!icon.sizes().isEmpty()) {
            JsonArrayBuilder sizes = JsonFactory.createArrayBuilder();
            for (String size : icon.sizes()) {
                if (size == null || !SIZE.matcher(size).matches()) {
                    throw new IllegalArgumentException("Invalid icon of " + owner + ": size '" + Texts.cut(String.valueOf(size), 80)
                            + "' is neither WxH (48x48) nor any");
                }
                sizes.add(size);
            }
            b.add("sizes", sizes);
        }
        if (!icon.theme().isEmpty()) {
            if (!icon.theme().equals("light") && !icon.theme().equals("dark")) {
                throw new IllegalArgumentException("Invalid icon of " + owner + ": theme '" + Texts.cut(icon.theme(), 80) + "' is neither light nor dark");
            }
            b.add("theme", icon.theme());
        }
        return b.build();
    }

    private static void checkSource(String src, String owner) {
        if (src.length() > MAX_SRC_LENGTH) {
            throw new IllegalArgumentException("Invalid icon of " + owner + ": its src has " + src.length()
                    + " characters, more than " + MAX_SRC_LENGTH);
        }
        String lower = src.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            if (!DATA.matcher(src).matches()) {
                throw new IllegalArgumentException("Invalid icon of " + owner + ": a data URI must be data:image/<type>[;base64],<data>");
            }
            return;
        }
        try {
            URI uri = new URI(src);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty() && uri.getUserInfo() == null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid icon of " + owner + ": '" + Texts.cut(src, 80)
                + "' is neither an https URL nor a data:image URI (clients must refuse other schemes)");
    }
}
