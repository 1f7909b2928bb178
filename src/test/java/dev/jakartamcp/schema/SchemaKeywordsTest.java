package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.SchemaValidatorTest.render;
import static dev.jakartamcp.schema.TestJson.json;
import static dev.jakartamcp.schema.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keywords that used to be ignored and are now enforced, the ones that are refused, and the
 * registration-time {@link SchemaValidator#check}. Every case in {@link #enforced()} with a
 * violation would have passed before (the keyword was ignored or the $ref did not resolve).
 */
class SchemaKeywordsTest {

    /** Json.createXxx looks the provider up on every call, which is slow in loops. */
    private static final JsonProvider JSON = JsonProvider.provider();

    static Stream<Arguments> enforced() {
        return Stream.of(
                // unevaluatedProperties: own keywords
                c("{'properties':{'a':{}},'unevaluatedProperties':false}", "{'a':1}"),
                c("{'properties':{'a':{}},'unevaluatedProperties':false}", "{'a':1,'b':2}", "b|unevaluatedProperties|is not allowed"),
                c("{'patternProperties':{'^x-':{}},'unevaluatedProperties':false}", "{'x-a':1,'y':2}", "y|unevaluatedProperties|is not allowed"),
                c("{'additionalProperties':{'type':'integer'},'unevaluatedProperties':false}", "{'y':2}"),
                c("{'unevaluatedProperties':{'type':'integer'}}", "{'x':'s'}", "x|type|must be of type integer but was string"),
                c("{'unevaluatedProperties':{'type':'integer'}}", "{'x':1}"),
                c("{'unevaluatedProperties':false}", "[1,2]"),
                // ... through allOf, $ref, dependentSchemas, then/else (must-pass subschemas)
                c("{'allOf':[{'properties':{'a':{}}}],'unevaluatedProperties':false}", "{'a':1}"),
                c("{'allOf':[{'properties':{'a':{}}}],'unevaluatedProperties':false}", "{'a':1,'b':1}", "b|unevaluatedProperties|is not allowed"),
                c("{'$defs':{'A':{'properties':{'a':{}}}},'$ref':'#/$defs/A','unevaluatedProperties':false}", "{'a':1}"),
                c("{'$defs':{'A':{'properties':{'a':{}}}},'$ref':'#/$defs/A','unevaluatedProperties':false}", "{'a':1,'z':0}",
                        "z|unevaluatedProperties|is not allowed"),
                c("{'properties':{'a':{}},'dependentSchemas':{'a':{'properties':{'b':{}}}},'unevaluatedProperties':false}", "{'a':1,'b':1}"),
                c("{'properties':{'a':{}},'dependentSchemas':{'a':{'properties':{'b':{}}}},'unevaluatedProperties':false}", "{'b':1}",
                        "b|unevaluatedProperties|is not allowed"),
                c("{'if':{'properties':{'kind':{'const':'x'}}},'then':{'properties':{'x':{}}},'else':{'properties':{'y':{}}},"
                        + "'unevaluatedProperties':false}", "{'kind':'x','x':1}"),
                // if failed, so its annotation for kind is dropped
                c("{'if':{'properties':{'kind':{'const':'x'}}},'then':{'properties':{'x':{}}},'else':{'properties':{'y':{}}},"
                        + "'unevaluatedProperties':false}", "{'kind':'z','y':1}", "kind|unevaluatedProperties|is not allowed"),
                // ... through anyOf/oneOf: only passing branches count
                c("{'anyOf':[{'properties':{'a':{'type':'string'}},'required':['a']},{'properties':{'b':{}},'required':['b']}],"
                        + "'unevaluatedProperties':false}", "{'a':'x','b':1}"),
                c("{'anyOf':[{'properties':{'a':{'type':'string'}},'required':['a']},{'properties':{'b':{}},'required':['b']}],"
                        + "'unevaluatedProperties':false}", "{'a':1,'b':1}", "a|unevaluatedProperties|is not allowed"),
                c("{'oneOf':[{'properties':{'a':{}},'required':['a']},{'properties':{'b':{}},'required':['b']}],"
                        + "'unevaluatedProperties':false}", "{'b':1,'c':1}", "c|unevaluatedProperties|is not allowed"),
                // ... never through not
                c("{'not':{'not':{'properties':{'a':{}}}},'unevaluatedProperties':false}", "{'a':1}", "a|unevaluatedProperties|is not allowed"),
                // a nested unevaluatedProperties does not see its parent's properties
                c("{'properties':{'a':{}},'allOf':[{'unevaluatedProperties':false}]}", "{'a':1}", "a|unevaluatedProperties|is not allowed"),
                // and one that was satisfied marks everything evaluated for its parent
                c("{'allOf':[{'unevaluatedProperties':true}],'unevaluatedProperties':false}", "{'a':1}"),
                // the classic: additionalProperties cannot see into allOf, unevaluatedProperties can
                c("{'allOf':[{'properties':{'street':{'type':'string'}}}],'properties':{'type':{'enum':['home']}},"
                        + "'unevaluatedProperties':false}", "{'street':'Main','type':'home','extra':1}", "extra|unevaluatedProperties|is not allowed"),

                // unevaluatedItems
                c("{'prefixItems':[{'type':'string'}],'unevaluatedItems':false}", "['a']"),
                c("{'prefixItems':[{'type':'string'}],'unevaluatedItems':false}", "['a',1]", "[1]|unevaluatedItems|is not allowed"),
                c("{'prefixItems':[{}],'items':{'type':'integer'},'unevaluatedItems':false}", "['a',1,2]"),
                c("{'contains':{'type':'string'},'unevaluatedItems':false}", "['a','b']"),
                c("{'contains':{'type':'string'},'unevaluatedItems':false}", "['a',1]", "[1]|unevaluatedItems|is not allowed"),
                c("{'allOf':[{'prefixItems':[{},{}]}],'unevaluatedItems':false}", "[1,2,3]", "[2]|unevaluatedItems|is not allowed"),
                c("{'anyOf':[{'prefixItems':[{'type':'string'}]},{'prefixItems':[{},{}]}],'unevaluatedItems':false}", "[1,2]"),
                c("{'anyOf':[{'prefixItems':[{'type':'string'},{}]},{'prefixItems':[{}]}],'unevaluatedItems':false}", "[1,2]",
                        "[1]|unevaluatedItems|is not allowed"),
                c("{'$defs':{'pair':{'prefixItems':[{},{}]}},'$ref':'#/$defs/pair','unevaluatedItems':{'type':'boolean'}}",
                        "[1,2,true,'x']", "[3]|type|must be of type boolean but was string"),
                c("{'if':{'prefixItems':[{'const':'a'}]},'then':{'prefixItems':[{},{}]},'unevaluatedItems':false}", "['a',1]"),
                c("{'if':{'prefixItems':[{'const':'a'}]},'then':{'prefixItems':[{},{}]},'unevaluatedItems':false}", "['b']",
                        "[0]|unevaluatedItems|is not allowed"),
                c("{'unevaluatedItems':false}", "{'a':1}"),

                // dependentSchemas
                c("{'dependentSchemas':{'card':{'required':['cvv']}}}", "{'card':1}", "cvv|required|is required"),
                c("{'dependentSchemas':{'card':{'required':['cvv']}}}", "{'card':1,'cvv':2}"),
                c("{'dependentSchemas':{'card':{'required':['cvv']}}}", "{'other':1}"),
                c("{'dependentSchemas':{'card':false}}", "{'card':1}", "|false|is not allowed"),

                // minContains / maxContains with contains (were enforced), now also 0 and upper bounds together
                c("{'contains':{'const':1},'minContains':2,'maxContains':3}", "[1,1,1,1]",
                        "|maxContains|must contain at most 3 items matching the schema in contains"),
                c("{'contains':{'const':1},'minContains':2,'maxContains':3}", "[1,2,1]"),

                // $anchor and plain-name fragments
                c("{'$defs':{'p':{'$anchor':'pos','minimum':1}},'properties':{'n':{'$ref':'#pos'}}}", "{'n':0}", "n|minimum|must be >= 1"),
                c("{'$defs':{'p':{'$anchor':'pos','minimum':1}},'properties':{'n':{'$ref':'#pos'}}}", "{'n':1}"),

                // $dynamicRef / $dynamicAnchor within the one schema resource
                c("{'$dynamicAnchor':'node','properties':{'child':{'$dynamicRef':'#node'},'v':{'type':'integer'}}}", "{'child':{'v':'x'}}",
                        "child.v|type|must be of type integer but was string"),
                c("{'$defs':{'n':{'$dynamicAnchor':'n','type':'integer'}},'items':{'$dynamicRef':'#n'}}", "[1,'a']",
                        "[1]|type|must be of type integer but was string"),
                c("{'$defs':{'n':{'type':'integer'}},'items':{'$dynamicRef':'#/$defs/n'}}", "[1,'a']",
                        "[1]|type|must be of type integer but was string"),

                // JSON pointers: ~0, ~1, percent-encoding, array indexes
                c("{'$defs':{'a~b':{'type':'string'}},'$ref':'#/$defs/a~0b'}", "1", "|type|must be of type string but was integer"),
                c("{'$defs':{'a/b':{'type':'string'}},'$ref':'#/$defs/a~1b'}", "1", "|type|must be of type string but was integer"),
                c("{'$defs':{'50%':{'type':'string'}},'$ref':'#/$defs/50%25'}", "1", "|type|must be of type string but was integer"),
                c("{'$defs':{'\u00e9t\u00e9':{'type':'string'}},'$ref':'#/$defs/%C3%A9t%C3%A9'}", "1", "|type|must be of type string but was integer"),
                c("{'properties':{'a':{'$ref':'#/properties/b'},'b':{'type':'string'}}}", "{'a':1}",
                        "a|type|must be of type string but was integer"),

                // the root $id is the base URI: absolute and relative references to the document itself
                c("{'$id':'https://example.com/s.json','$defs':{'a':{'type':'string'}},'$ref':'https://example.com/s.json#/$defs/a'}", "1",
                        "|type|must be of type string but was integer"),
                c("{'$id':'https://example.com/dir/s.json','$defs':{'a':{'type':'string'}},'$ref':'s.json#/$defs/a'}", "1",
                        "|type|must be of type string but was integer"),
                c("{'$id':'https://example.com/s.json','$defs':{'a':{'$id':'https://example.com/s.json','type':'string'}},"
                        + "'$ref':'#/$defs/a'}", "'x'"),

                // items as an array, with additionalItems (draft 2019-09 and before; the reference refuses it)
                unchecked("{'items':[{'type':'string'}],'additionalItems':false}", "['a',1]", "[1]|additionalItems|is not allowed"),
                unchecked("{'items':[{'type':'string'}],'additionalItems':{'type':'integer'}}", "['a',1,'b']",
                        "[2]|type|must be of type integer but was string"),
                unchecked("{'items':[{}],'additionalItems':false,'unevaluatedItems':false}", "[1]"),

                // patterns are ECMA-262: $ is the very end, \s is ECMA white space
                c("{'pattern':'^[a-z]+$'}", "'abc\\n'", "|pattern|must match the pattern ^[a-z]+$"),
                c("{'pattern':'^[a-z]+$'}", "'abc'"),
                c("{'patternProperties':{'^[a-z]+$':{'type':'integer'}},'additionalProperties':false}", "{'ab\\n':1}",
                        "[\\\"ab\\\\n\\\"]|additionalProperties|is not allowed"),
                // the reference uses Java's \s, which leaves out the no-break space
                unchecked("{'pattern':'^\\\\S+$'}", "'a\\u00a0b'", "|pattern|must match the pattern ^\\S+$"),
                c("{'pattern':'^.$'}", "'\\u2028'", "|pattern|must match the pattern ^.$"),
                unchecked("{'pattern':'^[[]$'}", "'['"), // the reference compiles it as Java, where it is unclosed

                // annotations are accepted and change nothing
                c("{'title':'t','description':'d','default':5,'examples':['x'],'deprecated':true,'readOnly':true,'writeOnly':false,"
                        + "'$comment':'c','contentEncoding':'base64','contentMediaType':'application/json',"
                        + "'contentSchema':{'type':'object'},'$schema':'https://json-schema.org/draft/2020-12/schema',"
                        + "'$vocabulary':{'https://json-schema.org/draft/2020-12/vocab/core':true}}", "'not base64, not json'"),
                c("{'x-mcp-header':'Region','x-vendor':{'minimum':'anything'}}", "1"),
                unchecked("{'id':'draft 4 spelling, not a 2020-12 keyword'}", "1")); // the reference chokes on id
    }

    @ParameterizedTest(name = "{0} against {1}")
    @MethodSource("enforced")
    void enforcedKeyword(String schema, String instance, List<String> expected, boolean crossCheck) {
        assertDoesNotThrow(() -> SchemaValidator.check(object(schema)));
        assertEquals(expected, render(SchemaValidator.validate(object(schema), json(instance))));
        if (crossCheck) {
            assertEquals(expected.isEmpty(), ReferenceValidator.errors(object(schema), json(instance)).isEmpty(),
                    "the reference implementation disagrees");
        }
    }

    /** schema, exact message of check and validate. */
    static Stream<Arguments> refused() {
        return Stream.of(
                r("{'properties':{'a':{'$recursiveRef':'#'}}}",
                        "unsupported JSON Schema keyword \"$recursiveRef\" at /properties/a; it belongs to draft 2019-09; use $dynamicRef"),
                r("{'$recursiveAnchor':true}",
                        "unsupported JSON Schema keyword \"$recursiveAnchor\"; it belongs to draft 2019-09; use $dynamicAnchor"),
                r("{'dependencies':{'a':['b']}}", "unsupported JSON Schema keyword \"dependencies\"; "
                        + "it belongs to draft 7 and before; use dependentRequired or dependentSchemas"),
                r("{'items':{'extends':{}}}", "unsupported JSON Schema keyword \"extends\" at /items; it belongs to draft 3; use allOf"),
                r("{'properties':{'a':{'then':{'required':['b']}}}}",
                        "unsupported JSON Schema keyword \"then\" at /properties/a; without \"if\" in the same schema object it has no effect"),
                r("{'else':false}", "unsupported JSON Schema keyword \"else\"; without \"if\" in the same schema object it has no effect"),
                r("{'minContains':2}", "unsupported JSON Schema keyword \"minContains\"; "
                        + "without \"contains\" in the same schema object it has no effect"),
                r("{'$defs':{'x':{'maxContains':2}}}", "unsupported JSON Schema keyword \"maxContains\" at /$defs/x; "
                        + "without \"contains\" in the same schema object it has no effect"),
                r("{'prefixItems':[{}],'additionalItems':false}", "unsupported JSON Schema keyword \"additionalItems\"; "
                        + "without an array in items it has no effect in 2020-12; use prefixItems and items"),
                r("{'$defs':{'a':{'$id':'https://other.example/a.json','type':'string'}}}",
                        "unsupported JSON Schema keyword \"$id\" at /$defs/a; an embedded schema resource (https://other.example/a.json) "
                                + "would change the base URI, which is not supported"),
                r("{'$id':'https://example.com/root.json','properties':{'a':{'$id':'a.json'}}}",
                        "unsupported JSON Schema keyword \"$id\" at /properties/a; an embedded schema resource (a.json) "
                                + "would change the base URI, which is not supported"),
                r("{'$id':'https://example.com/s.json#frag'}", "$id https://example.com/s.json#frag must not have a fragment (use $anchor)"),
                r("{'properties':{'a':{'$ref':'other.json#/x'}}}", "only $ref within the same document is supported, not other.json#/x at /properties/a"),
                r("{'$id':'https://example.com/s.json','$ref':'https://example.com/t.json'}",
                        "only $ref within the same document is supported, not https://example.com/t.json"),
                r("{'items':{'$dynamicRef':'https://example.com/meta#items'}}",
                        "only $dynamicRef within the same document is supported, not https://example.com/meta#items at /items"),
                r("{'$ref':'https://json-schema.org/draft/2020-12/schema'}",
                        "only $ref within the same document is supported, not https://json-schema.org/draft/2020-12/schema"),
                r("{'$schema':'http://json-schema.org/draft-07/schema#'}", "unsupported $schema http://json-schema.org/draft-07/schema#; "
                        + "only JSON Schema 2020-12 (https://json-schema.org/draft/2020-12/schema) is supported"),
                r("{'$defs':{'a':{'$schema':'https://json-schema.org/draft/2019-09/schema'}}}",
                        "unsupported $schema https://json-schema.org/draft/2019-09/schema at /$defs/a; "
                                + "only JSON Schema 2020-12 (https://json-schema.org/draft/2020-12/schema) is supported"),
                r("{'$ref':'#nowhere'}", "$ref #nowhere does not resolve"),
                r("{'properties':{'a':{'$dynamicRef':'#nowhere'}}}", "$dynamicRef #nowhere does not resolve at /properties/a"),
                r("{'$ref':'#/$defs/a~2'}", "$ref #/$defs/a~2 is not a valid JSON pointer"),
                r("{'$ref':'#/a b'}", "$ref #/a b is not a valid URI reference"),
                r("{'$defs':{'\u00e9':{}},'$ref':'#/$defs/%C3'}", "$ref #/$defs/%C3 is not a valid URI reference"),
                r("{'$defs':{'a':{}},'$ref':'#/$defs/a%2'}", "$ref #/$defs/a%2 is not a valid URI reference"),
                r("{'$defs':{'a':{'$anchor':'x'},'b':{'$dynamicAnchor':'x'}}}", "$dynamicAnchor x is defined twice (also at /$defs/a) at /$defs/b"),
                r("{'$anchor':'1abc'}", "$anchor 1abc is not a valid anchor name"),
                // malformed, also where no instance would ever go
                r("{'$defs':{'unused':{'minimum':'x'}}}", "minimum must be a number at /$defs/unused"),
                r("{'anyOf':[{'type':'string'},{'pattern':'('}]}", "pattern ( is not a valid regular expression at /anyOf/1"),
                r("{'patternProperties':{'[':{}}}", "patternProperties [ is not a valid regular expression"),
                r("{'type':'integr'}", "type integr is not one of null, boolean, object, array, number, string, integer"),
                r("{'type':['string','string']}", "type lists string twice"),
                r("{'type':[]}", "type must not be an empty array"),
                r("{'required':['a','a']}", "required lists a twice"),
                r("{'required':'a'}", "required must be an array"),
                r("{'dependentRequired':{'a':'b'}}", "dependentRequired must be an array"),
                r("{'allOf':[]}", "allOf must not be empty"),
                r("{'uniqueItems':'yes'}", "uniqueItems must be a boolean"),
                r("{'multipleOf':0}", "multipleOf must be greater than 0"),
                r("{'maxItems':1.5}", "maxItems must be a non-negative integer"),
                r("{'format':5}", "format must be a string"),
                r("{'contentSchema':5}", "a schema must be an object or a boolean, not NUMBER at /contentSchema"),
                r("{'$vocabulary':{'x':'yes'}}", "$vocabulary values must be booleans"),
                r("{'prefixItems':[{}],'items':[{}]}", "items must be a schema when prefixItems is present"),
                r("{'$ref':'#/required','required':['a']}", "a schema must be an object or a boolean, not ARRAY at /required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedByCheckAndValidate(String schema, String message) {
        assertEquals("Invalid schema: " + message,
                assertThrows(IllegalArgumentException.class, () -> SchemaValidator.check(object(schema))).getMessage());
        assertEquals("Invalid schema: " + message,
                assertThrows(IllegalArgumentException.class, () -> SchemaValidator.validate(object(schema), json("{}"))).getMessage());
    }

    @Test
    void checkRefusesSubschemasThatLeadBackToThemselvesWithoutDescending() {
        assertEquals("Invalid schema: $ref at the root leads back to the root without descending into the instance, "
                + "so evaluating it would never end", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.check(object("{'$ref':'#'}"))).getMessage());
        assertEquals("Invalid schema: $ref at /$defs/a/allOf/0 leads back to /$defs/a without descending into the instance, "
                + "so evaluating it would never end", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.check(object("{'$defs':{'a':{'allOf':[{'$ref':'#/$defs/a'}]}}}"))).getMessage());
        assertEquals("Invalid schema: $ref at /$defs/b leads back to /$defs/a without descending into the instance, "
                + "so evaluating it would never end", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.check(object("{'$defs':{'a':{'not':{'$ref':'#/$defs/b'}},'b':{'$ref':'#/$defs/a'}}}"))).getMessage());
        // recursion that descends into the instance is fine
        assertDoesNotThrow(() -> SchemaValidator.check(object("{'properties':{'child':{'$ref':'#'}},'items':{'$ref':'#'}}")));
        assertDoesNotThrow(() -> SchemaValidator.check(object("{'$defs':{'a':{'allOf':[{'$ref':'#/$defs/b'}]},'b':{}},"
                + "'anyOf':[{'$ref':'#/$defs/a'},{'$ref':'#/$defs/a'}]}")));
        // validate keeps stopping such a schema at its recursion limit instead
        assertEquals(List.of("|$ref|cannot be checked: the schema nests more than 400 levels deep"),
                render(SchemaValidator.validate(object("{'$ref':'#'}"), json("1"))));
    }

    @Test
    void generatedAndConformanceSchemasPassTheCheck() {
        assertDoesNotThrow(() -> SchemaValidator.check(new JsonSchemaGenerator().schemaFor(JsonSchemaGeneratorTest.TreeNode.class)));
        assertDoesNotThrow(() -> SchemaValidator.check(object("{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'object',"
                + "'$defs':{'address':{'$anchor':'addressDef','type':'object','properties':{'street':{'type':'string'}}}},"
                + "'properties':{'name':{'type':'string'},'address':{'$ref':'#/$defs/address'},"
                + "'contactMethod':{'type':'string','enum':['phone','email']},'phone':{'type':'string'},'email':{'type':'string'}},"
                + "'allOf':[{'anyOf':[{'required':['phone']},{'required':['email']}]}],"
                + "'if':{'properties':{'contactMethod':{'const':'phone'}},'required':['contactMethod']},"
                + "'then':{'required':['phone']},'else':{'required':['email']},'additionalProperties':false}")));
        assertDoesNotThrow(() -> SchemaValidator.check(object("{'type':'object','properties':{"
                + "'region':{'type':'string','description':'mirrored','x-mcp-header':'Region'},'level':{'type':'integer'}}}")));
    }

    @Test
    void checkIsBoundedInDepthAndSize() {
        JsonValue deep = JsonValue.EMPTY_JSON_OBJECT;
        for (int i = 0; i < 5_000; i++) {
            deep = JSON.createObjectBuilder().add("not", deep).build();
        }
        JsonObject deepSchema = deep.asJsonObject();
        String message = assertThrows(IllegalArgumentException.class, () -> SchemaValidator.check(deepSchema)).getMessage();
        assertTrue(message.startsWith("Invalid schema: the schema nests more than 200 levels deep at /not/not/"), message);
        assertEquals("Invalid schema: the schema nests more than 3 levels deep at /not/not/not/not",
                assertThrows(IllegalArgumentException.class, () -> SchemaValidator.check(object("{'not':{'not':{'not':{'not':{}}}}}"),
                        SchemaLimits.DEFAULTS.withMaxSchemaDepth(3))).getMessage());

        JsonObjectBuilder properties = JSON.createObjectBuilder();
        for (int i = 0; i < 20_000; i++) {
            properties.add("p" + i, JSON.createObjectBuilder().add("type", "integer"));
        }
        JsonObject wide = JSON.createObjectBuilder().add("properties", properties).build();
        assertEquals("Invalid schema: the schema has more than 10000 subschemas at /properties/p9999",
                assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> assertThrows(IllegalArgumentException.class, () -> SchemaValidator.check(wide))).getMessage());
        assertEquals("Invalid schema: the schema has more than 2 subschemas at /properties/b",
                assertThrows(IllegalArgumentException.class, () -> SchemaValidator.check(object("{'properties':{'a':{},'b':{}}}"),
                        SchemaLimits.DEFAULTS.withMaxSubschemas(2))).getMessage());

        JsonValue deepConst = JSON.createArrayBuilder().build();
        for (int i = 0; i < 300; i++) {
            deepConst = JSON.createArrayBuilder().add(deepConst).build();
        }
        JsonObject constSchema = JSON.createObjectBuilder().add("properties", JSON.createObjectBuilder()
                .add("a", JSON.createObjectBuilder().add("const", deepConst))).build();
        assertEquals("Invalid schema: const nests more than 200 levels deep at /properties/a",
                assertThrows(IllegalArgumentException.class, () -> SchemaValidator.check(constSchema)).getMessage());
    }

    @Test
    void aSchemaSharedByIdentityIsWalkedOnce() {
        // 2^60 paths, 61 objects: the walk must not follow every path
        JsonValue shared = JSON.createObjectBuilder().add("type", "integer").build();
        for (int i = 0; i < 60; i++) {
            shared = JSON.createObjectBuilder().add("allOf", JSON.createArrayBuilder().add(shared).add(shared)).build();
        }
        JsonObject schema = shared.asJsonObject();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> SchemaValidator.check(schema));
    }

    @Test
    void patternsAreCompiledOncePerSchema() {
        SchemaIndex index = SchemaIndex.of(object("{'pattern':'^a+$','patternProperties':{'^x-':{}},'items':{'pattern':'^a+$'}}"),
                SchemaLimits.DEFAULTS);
        assertSame(index.pattern("^a+$"), index.pattern("^a+$"));
        assertSame(index.pattern("^x-"), index.pattern("^x-"));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> SchemaLimits.DEFAULTS.withMaxRegexSteps(0));
        assertThrows(IllegalArgumentException.class, () -> SchemaLimits.DEFAULTS.withMaxEvaluationSteps(-1));
        assertEquals(new SchemaLimits(SchemaLimits.DEFAULT_MAX_REGEX_STEPS, SchemaLimits.DEFAULT_MAX_EVALUATION_STEPS,
                SchemaLimits.DEFAULT_MAX_SCHEMA_DEPTH, SchemaLimits.DEFAULT_MAX_SUBSCHEMAS), SchemaLimits.DEFAULTS);
    }

    @Test
    void ecmaRegexTranslation() {
        assertEquals("^abc\\z", EcmaRegex.toJava("^abc$"));
        assertEquals("a\\$", EcmaRegex.toJava("a\\$"));
        assertEquals("[$.]", EcmaRegex.toJava("[$.]"));
        assertEquals("[a\\[b\\&\\&c]", EcmaRegex.toJava("[a[b&&c]"));
        assertEquals("(?!)x(?s:.)", EcmaRegex.toJava("[]x[^]"));
        assertEquals("\\cC\\cC", EcmaRegex.toJava("\\cc\\cC"));
        assertEquals("\\d\\w\\u00e9", EcmaRegex.toJava("\\d\\w\\u00e9"));
        // a word boundary is one of ASCII word characters, as in ECMA-262 (Java 17's counts é as a word character)
        for (String value : List.of("café", "naïve x")) {
            assertTrue(java.util.regex.Pattern.compile(EcmaRegex.toJava("^\\w+\\b")).matcher(value).find(), value);
        }
        assertFalse(java.util.regex.Pattern.compile(EcmaRegex.toJava("^caf\\B")).matcher("café").find(), "a boundary after 'caf'");
        assertTrue(java.util.regex.Pattern.compile(EcmaRegex.toJava("\\bab\\b")).matcher("x ab y").find());
        assertFalse(java.util.regex.Pattern.compile(EcmaRegex.toJava("\\bab\\b")).matcher("xab y").find());
    }

    // --- helpers -----------------------------------------------------------------------------

    private static Arguments c(String schema, String instance, String... expected) {
        return Arguments.of(schema, instance, List.of(expected).stream().map(e -> e.replace("\\\"", "\"").replace("\\\\n", "\\n")).toList(),
                true);
    }

    private static Arguments unchecked(String schema, String instance, String... expected) {
        return Arguments.of(schema, instance, List.of(expected), false);
    }

    private static Arguments r(String schema, String message) {
        return Arguments.of(schema, message);
    }
}
