package dev.jakartamcp.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;

import java.io.Reader;
import java.math.BigDecimal;

/**
 * The JSON-P factory methods of {@code jakarta.json.Json}, on one provider looked up once. {@code Json.createXxx}
 * looks the provider up through the ServiceLoader on every call, which costs a class-loader search per builder:
 * most of the CPU of a small request, and seconds for a large batch.
 */
public final class JsonFactory {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonFactory() {
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    /** An array of {@code values}, in their order. */
    public static JsonArrayBuilder createArrayBuilder(java.util.Collection<String> values) {
        JsonArrayBuilder array = createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    public static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(long value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(BigDecimal value) {
        return PROVIDER.createValue(value);
    }

    public static jakarta.json.stream.JsonParser createParser(Reader reader) {
        return PROVIDER.createParser(reader);
    }

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }
}
