package dev.jakartamcp.tools;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.schema.SchemaValidator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every {@code Mcp-Param-*} header the server recognizes matches the body (2026-07-28, streamable-http, Server
 * Validation): missing, different or malformed is -32020, and so is one sent for an argument the body does not give.
 */
class HeaderMirrorTest {
    private static final HeaderMirror MIRROR = HeaderMirror.of(SchemaValidator.check(Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder()
                    .add("region", Json.createObjectBuilder().add("type", "string").add("x-mcp-header", "Region"))
                    .add("level", Json.createObjectBuilder().add("type", "integer"))).build()));

    private static JsonObject arguments(String json) {
        return Json.createReader(new java.io.StringReader(json)).readObject();
    }

    private static String refused(String arguments, Map<String, String> headers) {
        McpException e = assertThrows(McpException.class, () -> MIRROR.check(arguments(arguments), headers));
        assertEquals(-32020, e.code());
        return e.getMessage();
    }

    @Test
    void aGivenArgumentNeedsItsHeaderWithItsValue() {
        assertDoesNotThrow(() -> MIRROR.check(arguments("{\"region\":\"us-west1\"}"), Map.of("region", "us-west1")));
        assertEquals("Header mismatch: the Mcp-Param-region header is required when 'region' is given", refused("{\"region\":\"eu\"}", Map.of()));
        assertEquals("Header mismatch: the Mcp-Param-region header does not match argument 'region'", refused("{\"region\":\"eu\"}", Map.of("region", "us")));
        assertEquals("Header mismatch: the Mcp-Param-region header is not valid", refused("{\"region\":\"eu\"}", Map.of("region", "=?base64?!!?=")));
    }

    /**
     * Base64 that decodes to bytes which are no UTF-8 is not valid: read leniently, 0xFF and 0x80 became U+FFFD and
     * matched a body holding U+FFFD, so different header bytes passed as the same value.
     */
    @Test
    void base64ThatIsNoUtf8IsNotValid() {
        assertDoesNotThrow(() -> MIRROR.check(arguments("{\"region\":\"\uFFFD\"}"), Map.of("region", "=?base64?77+9?=")));
        for (String notUtf8 : List.of("=?base64?/w==?=", "=?base64?gA==?=", "=?base64?wA==?=")) {
            assertEquals("Header mismatch: the Mcp-Param-region header is not valid", refused("{\"region\":\"\uFFFD\"}", Map.of("region", notUtf8)));
        }
        assertEquals(java.util.Optional.empty(), dev.jakartamcp.protocol.HeaderValues.decode("=?base64?/w==?="));
        assertEquals(java.util.Optional.of("\u00e9t\u00e9"), dev.jakartamcp.protocol.HeaderValues.decode("=?base64?w6l0w6k=?="));
    }

    @Test
    void anArgumentNotGivenHasNoHeader() {
        assertDoesNotThrow(() -> MIRROR.check(arguments("{\"level\":3}"), Map.of()));
        assertDoesNotThrow(() -> MIRROR.check(arguments("{\"region\":null}"), Map.of()));
        for (String arguments : new String[]{"{\"level\":3}", "{\"region\":null}"}) {
            assertEquals("Header mismatch: the Mcp-Param-region header is sent but argument 'region' is not given",
                    refused(arguments, Map.of("region", "us-west1")));
            assertEquals("Header mismatch: the Mcp-Param-region header is sent but argument 'region' is not given",
                    refused(arguments, Map.of("region", "=?base64?!!?=")));
        }
    }

    private static JsonObject schema(String json) {
        return arguments(json.replace('\'', '"'));
    }

    private static String invalid(String json) {
        return assertThrows(IllegalArgumentException.class, () -> HeaderMirror.of(SchemaValidator.check(schema(json)))).getMessage();
    }

    @Test
    void annotationsOnPropertiesReachedThroughPropertiesOnlyAreBindings() {
        HeaderMirror nested = HeaderMirror.of(SchemaValidator.check(schema("{'type':'object','properties':{"
                + "'properties':{'type':'object','properties':{'a/b':{'type':'boolean','x-mcp-header':'Flag'}}},"
                + "'n':{'type':'integer','x-mcp-header':'N'}}}")));
        assertEquals(List.of(new HeaderMirror.Binding(List.of("properties", "a/b"), "flag", false),
                new HeaderMirror.Binding(List.of("n"), "n", true)), nested.bindings());
        assertDoesNotThrow(() -> nested.check(arguments("{\"properties\":{\"a/b\":true}}"), Map.of("flag", "true")));
        assertEquals(HeaderMirror.NONE, HeaderMirror.of(SchemaValidator.check(schema("{'type':'object','properties':{'a':{'type':'string'}}}"))));
    }

    /**
     * An integer's header is its decimal string: another spelling of the same number (leading zero, sign, fraction,
     * exponent) would let an intermediary routing on the header's text see another value than the tool gets.
     */
    @Test
    void anIntegerHeaderIsItsDecimalStringOnly() {
        HeaderMirror mirror = HeaderMirror.of(SchemaValidator.check(schema("{'type':'object','properties':{"
                + "'n':{'type':'integer','x-mcp-header':'N'}}}")));
        assertDoesNotThrow(() -> mirror.check(arguments("{\"n\":42}"), Map.of("n", "42")));
        assertDoesNotThrow(() -> mirror.check(arguments("{\"n\":-7}"), Map.of("n", "-7")));
        assertDoesNotThrow(() -> mirror.check(arguments("{\"n\":0}"), Map.of("n", "0")));
        assertDoesNotThrow(() -> mirror.check(arguments("{\"n\":42.0}"), Map.of("n", "42")), "the body's number, as an integer");
        for (String other : new String[] {"042", "+42", "42.0", "4.2e1", "42E0", "-0"}) {
            int code = assertThrows(McpException.class, () -> mirror.check(arguments(other.equals("-0") ? "{\"n\":0}" : "{\"n\":42}"),
                    Map.of("n", other)), other).code();
            assertEquals(ErrorCode.HEADER_MISMATCH, code, other);
        }
    }

    @Test
    void annotationsAnywhereElseMakeTheToolInvalid() {
        String unreachable = " is not on a property reached from the root through properties only"
                + " (items, $ref, composition and conditional keywords do not count)";
        assertEquals("x-mcp-header at the root" + unreachable, invalid("{'type':'object','x-mcp-header':'Root'}"));
        assertEquals("x-mcp-header at /properties/list/items" + unreachable, invalid(
                "{'type':'object','properties':{'list':{'type':'array','items':{'type':'string','x-mcp-header':'Item'}}}}"));
        assertEquals("x-mcp-header at /$defs/Region" + unreachable, invalid(
                "{'type':'object','properties':{'region':{'$ref':'#/$defs/Region'}},'$defs':{'Region':{'type':'string','x-mcp-header':'Region'}}}"));
        assertEquals("x-mcp-header at /properties/a/anyOf/0" + unreachable, invalid(
                "{'type':'object','properties':{'a':{'anyOf':[{'type':'string','x-mcp-header':'A'}]}}}"));
        assertEquals("x-mcp-header at /then/properties/a" + unreachable, invalid(
                "{'type':'object','if':{},'then':{'properties':{'a':{'type':'string','x-mcp-header':'A'}}}}"));
        assertEquals("x-mcp-header at /patternProperties/^a" + unreachable, invalid(
                "{'type':'object','patternProperties':{'^a':{'type':'string','x-mcp-header':'A'}}}"));
    }

    @Test
    void anAnnotationNamesOneHeaderOfAPrimitiveProperty() {
        String token = " must be a header name: one or more letters, digits or !#$%&'*+-.^_`|~ (RFC 9110 token)";
        for (String name : new String[]{"''", "'Re gion'", "'Région'", "'a\\r\\nX-Injected: 1'", "'a:b'", "3", "true"}) {
            assertEquals("x-mcp-header at /properties/a" + token,
                    invalid("{'type':'object','properties':{'a':{'type':'string','x-mcp-header':" + name + "}}}"), name);
        }
        assertEquals("x-mcp-header \"REGION\" at /properties/b names the header of /properties/a too (header names are case-insensitive)",
                invalid("{'type':'object','properties':{'a':{'type':'string','x-mcp-header':'Region'},'b':{'type':'string','x-mcp-header':'REGION'}}}"));
        String type = " is on a property whose type is not \"string\", \"integer\" or \"boolean\": only those are mirrored into a header";
        for (String schema : new String[]{"{'type':'number'}", "{'type':'object'}", "{'type':'array'}", "{}", "{'type':['string','null']}",
                "{'enum':['a','b']}"}) {
            String property = schema.substring(0, schema.length() - 1) + (schema.length() > 2 ? "," : "") + "'x-mcp-header':'A'}";
            assertEquals("x-mcp-header at /properties/a" + type,
                    invalid("{'type':'object','properties':{'a':" + property + "}}"), schema);
        }
    }

    @Test
    void oneObjectPutIntoASchemaTwiceIsCheckedAtEachPlaceAsIfWrittenOut() {
        JsonObject region = Json.createObjectBuilder().add("type", "string").add("x-mcp-header", "Region").build();
        JsonObject twice = Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("from", region).add("to", region)).build();
        assertEquals("x-mcp-header \"Region\" at /properties/to names the header of /properties/from too (header names are case-insensitive)",
                assertThrows(IllegalArgumentException.class, () -> HeaderMirror.of(SchemaValidator.check(twice))).getMessage());
        JsonObject alsoInDefs = Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("from", region))
                .add("$defs", Json.createObjectBuilder().add("Region", region)).build();
        assertEquals("x-mcp-header at /$defs/Region is not on a property reached from the root through properties only"
                        + " (items, $ref, composition and conditional keywords do not count)",
                assertThrows(IllegalArgumentException.class, () -> HeaderMirror.of(SchemaValidator.check(alsoInDefs))).getMessage());

        // the annotated property inside the shared object: found under each place of that object
        JsonObject address = Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("region", region)).build();
        JsonObject twoAddresses = Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("billing", address).add("shipping", address)).build();
        assertEquals("x-mcp-header \"Region\" at /properties/shipping/properties/region names the header of"
                        + " /properties/billing/properties/region too (header names are case-insensitive)",
                assertThrows(IllegalArgumentException.class, () -> HeaderMirror.of(SchemaValidator.check(twoAddresses))).getMessage());
    }
}
