package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.TestJson.json;
import static dev.jakartamcp.schema.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaValidatorTest {

    /** schema, instance, expected violations as "path|keyword|message", whether the reference must agree. */
    static Stream<Arguments> keywordCases() {
        return Stream.of(
                // type
                c("{'type':'string'}", "'a'"),
                c("{'type':'string'}", "5", "|type|must be of type string but was integer"),
                c("{'type':'integer'}", "1.0"),
                c("{'type':'integer'}", "-7"),
                c("{'type':'integer'}", "1.5", "|type|must be of type integer but was number"),
                c("{'type':'number'}", "3"),
                c("{'type':'number'}", "'3'", "|type|must be of type number but was string"),
                c("{'type':'null'}", "null"),
                c("{'type':'boolean'}", "false"),
                c("{'type':'boolean'}", "null", "|type|must be of type boolean but was null"),
                c("{'type':['string','null']}", "null"),
                c("{'type':['string','null']}", "1", "|type|must be of type string or null but was integer"),
                c("{'type':'object'}", "[]", "|type|must be of type object but was array"),
                c("{'type':'array'}", "{}", "|type|must be of type array but was object"),
                c("{'type':'integer','minimum':5}", "'x'", "|type|must be of type integer but was string"),
                // required, properties, paths
                c("{'type':'object','properties':{'name':{'type':'string'},'age':{'type':'integer','minimum':0}},"
                        + "'required':['name','age']}", "{}", "name|required|is required", "age|required|is required"),
                c("{'type':'object','properties':{'name':{'type':'string'},'age':{'type':'integer','minimum':0}},"
                        + "'required':['name','age']}", "{'name':5,'age':-1}",
                        "name|type|must be of type string but was integer", "age|minimum|must be >= 0"),
                c("{'properties':{'name':{'type':'string'}}}", "{'name':'x','unknown':[1,2]}"),
                c("{'properties':{'address':{'properties':{'zip':{'type':'integer'}}}}}", "{'address':{'zip':'x'}}",
                        "address.zip|type|must be of type integer but was string"),
                c("{'properties':{'tags':{'items':{'type':'string'}}}}", "{'tags':['a',1]}",
                        "tags[1]|type|must be of type string but was integer"),
                c("{'properties':{'content-type':{'type':'string'}}}", "{'content-type':1}",
                        "[\\\"content-type\\\"]|type|must be of type string but was integer"),
                c("{'properties':{'a':{'properties':{'b c':{'type':'string'}}}}}", "{'a':{'b c':1}}",
                        "a[\\\"b c\\\"]|type|must be of type string but was integer"),
                c("{'items':{'required':['id']}}", "[{'id':1},{}]", "[1].id|required|is required"),
                // additionalProperties, patternProperties, propertyNames, dependentRequired
                c("{'properties':{'a':{}},'additionalProperties':false}", "{'a':1,'b':2}", "b|additionalProperties|is not allowed"),
                c("{'additionalProperties':{'type':'integer'}}", "{'x':1,'y':'s'}", "y|type|must be of type integer but was string"),
                c("{'additionalProperties':true}", "{'x':1}"),
                c("{'patternProperties':{'^x-':{'type':'string'}},'additionalProperties':false}", "{'x-a':'s','y':1}",
                        "y|additionalProperties|is not allowed"),
                c("{'patternProperties':{'^x-':{'type':'string'}}}", "{'x-a':1}",
                        "[\\\"x-a\\\"]|type|must be of type string but was integer"),
                c("{'propertyNames':{'enum':['a','b']}}", "{'a':1,'c':2}", "c|propertyNames|is not an allowed property name"),
                c("{'propertyNames':{'maxLength':3}}", "{'abc':1}"),
                c("{'dependentRequired':{'card':['cvv']}}", "{'card':'1'}", "cvv|dependentRequired|is required when card is present"),
                c("{'dependentRequired':{'card':['cvv']}}", "{'other':'1'}"),
                c("{'minProperties':1}", "{}", "|minProperties|must have at least 1 property"),
                c("{'maxProperties':2}", "{'a':1,'b':2,'c':3}", "|maxProperties|must have at most 2 properties"),
                // arrays
                c("{'items':{'type':'integer'}}", "[1,'a',2.5]",
                        "[1]|type|must be of type integer but was string", "[2]|type|must be of type integer but was number"),
                c("{'prefixItems':[{'type':'string'},{'type':'integer'}],'items':false}", "['a',1,true]", "[2]|items|is not allowed"),
                c("{'prefixItems':[{'type':'string'},{'type':'integer'}]}", "['a']"),
                c("{'prefixItems':[{'type':'string'}],'items':{'type':'boolean'}}", "['a',true,1]",
                        "[2]|type|must be of type boolean but was integer"),
                // not 2020-12 (the reference refuses it), accepted for hand-written schemas of older drafts
                unchecked("{'items':[{'type':'string'}]}", "[1]", "[0]|type|must be of type string but was integer"),
                c("{'minItems':2}", "[1]", "|minItems|must have at least 2 items"),
                c("{'maxItems':1}", "[1,2]", "|maxItems|must have at most 1 item"),
                c("{'minItems':1,'maxItems':1}", "[1]"),
                c("{'uniqueItems':true}", "[1,2,1.0]", "|uniqueItems|must not contain duplicate items (items 0 and 2 are equal)"),
                c("{'uniqueItems':true}", "[{'a':1,'b':2},{'b':2,'a':1}]",
                        "|uniqueItems|must not contain duplicate items (items 0 and 1 are equal)"),
                c("{'uniqueItems':true}", "[[1,2],[2,1],{'a':[1]},{'a':[1.5]},'1',1,true,null]"),
                c("{'uniqueItems':false}", "[1,1]"),
                c("{'contains':{'type':'integer'}}", "['a',2]"),
                c("{'contains':{'type':'integer'}}", "['a']", "|contains|must contain at least 1 item matching the schema in contains"),
                c("{'contains':{'type':'integer'},'minContains':2}", "['a',1]",
                        "|minContains|must contain at least 2 items matching the schema in contains"),
                c("{'contains':{'type':'integer'},'maxContains':1}", "[1,2]",
                        "|maxContains|must contain at most 1 item matching the schema in contains"),
                c("{'contains':{'type':'integer'},'minContains':0}", "['a']"),
                // enum, const
                c("{'enum':['RED','GREEN']}", "'GREEN'"),
                c("{'enum':['RED','GREEN']}", "'BLUE'", "|enum|must be one of \\\"RED\\\", \\\"GREEN\\\""),
                c("{'enum':[1,2]}", "1.0"),
                c("{'enum':[{'a':[1,2]},null]}", "{'a':[1,2]}"),
                c("{'enum':[{'a':[1,2]},null]}", "{'a':[2,1]}", "|enum|must be one of {\\\"a\\\":[1,2]}, null"),
                c("{'const':5}", "5.0"),
                c("{'const':5}", "6", "|const|must be equal to 5"),
                c("{'const':'x'}", "'y'", "|const|must be equal to \\\"x\\\""),
                c("{'const':true}", "1", "|const|must be equal to true"),
                // numbers
                c("{'minimum':1}", "1"),
                c("{'minimum':1}", "0", "|minimum|must be >= 1"),
                c("{'maximum':10}", "10.5", "|maximum|must be <= 10"),
                c("{'exclusiveMinimum':0}", "0", "|exclusiveMinimum|must be > 0"),
                c("{'exclusiveMinimum':0}", "0.001"),
                c("{'exclusiveMaximum':0}", "0", "|exclusiveMaximum|must be < 0"),
                c("{'minimum':-2147483648,'maximum':2147483647}", "2147483648", "|maximum|must be <= 2147483647"),
                c("{'multipleOf':0.1}", "0.3"),
                c("{'multipleOf':0.1}", "0.35", "|multipleOf|must be a multiple of 0.1"),
                c("{'multipleOf':2}", "1e400"),
                // 10^400 = 1 (mod 3); the reference computes in floating point here and accepts it
                unchecked("{'multipleOf':3}", "1e400", "|multipleOf|must be a multiple of 3"),
                c("{'multipleOf':0.5}", "1e-400", "|multipleOf|must be a multiple of 0.5"),
                c("{'minimum':0}", "'-5'"),
                // strings
                c("{'minLength':2}", "'a'", "|minLength|must be at least 2 characters long"),
                c("{'minLength':1}", "''", "|minLength|must be at least 1 character long"),
                c("{'maxLength':3}", "'\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00'"),
                c("{'maxLength':2}", "'\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00'", "|maxLength|must be at most 2 characters long"),
                c("{'pattern':'^[a-z]+$'}", "'abc'"),
                c("{'pattern':'^[a-z]+$'}", "'ABC'", "|pattern|must match the pattern ^[a-z]+$"),
                c("{'pattern':'b'}", "'abc'"),
                c("{'pattern':'\\\\S','minLength':1}", "'   '", "|pattern|must not be blank"),
                c("{'pattern':'^(?:\\\\d+)$','allOf':[{'pattern':'\\\\S'}]}", "'12a'", "|pattern|must match the pattern ^(?:\\d+)$"),
                c("{'maxLength':1}", "12"),
                // $ref
                c("{'$defs':{'Pos':{'type':'integer','minimum':1}},'properties':{'n':{'$ref':'#/$defs/Pos'}}}", "{'n':0}",
                        "n|minimum|must be >= 1"),
                c("{'type':'object','properties':{'child':{'$ref':'#'},'v':{'type':'integer'}}}", "{'child':{'child':{'v':'x'}}}",
                        "child.child.v|type|must be of type integer but was string"),
                c("{'$ref':'#/$defs/S','maxLength':3,'$defs':{'S':{'type':'string'}}}", "'abcd'",
                        "|maxLength|must be at most 3 characters long"),
                c("{'$ref':'#/$defs/S','maxLength':3,'$defs':{'S':{'type':'string'}}}", "4",
                        "|type|must be of type string but was integer"),
                c("{'$defs':{'a/b':{'type':'string'}},'$ref':'#/$defs/a~1b'}", "1", "|type|must be of type string but was integer"),
                c("{'$defs':{'a b':{'type':'string'}},'$ref':'#/$defs/a%20b'}", "1", "|type|must be of type string but was integer"),
                c("{'prefixItems':[{'type':'integer'},{'$ref':'#/prefixItems/0'}]}", "[1,'x']",
                        "[1]|type|must be of type integer but was string"),
                // combinators
                c("{'allOf':[{'minimum':1},{'maximum':3}]}", "5", "|maximum|must be <= 3"),
                c("{'anyOf':[{'type':'string'},{'type':'integer'}]}", "3"),
                c("{'anyOf':[{'type':'string'},{'type':'integer'}]}", "true", "|anyOf|must match at least one of the schemas in anyOf"),
                c("{'oneOf':[{'type':'integer'},{'minimum':0}]}", "-1"),
                c("{'oneOf':[{'type':'integer'},{'minimum':0}]}", "1", "|oneOf|must match exactly one of the schemas in oneOf, but matched 2"),
                c("{'oneOf':[{'type':'integer'},{'minimum':0}]}", "-1.5",
                        "|oneOf|must match exactly one of the schemas in oneOf, but matched none"),
                c("{'not':{'type':'string'}}", "'a'", "|not|must not match the schema in not"),
                c("{'not':{'type':'string'}}", "1"),
                c("{'if':{'properties':{'kind':{'const':'a'}}},'then':{'required':['x']},'else':{'required':['y']}}",
                        "{'kind':'a'}", "x|required|is required"),
                c("{'if':{'properties':{'kind':{'const':'a'}}},'then':{'required':['x']},'else':{'required':['y']}}",
                        "{'kind':'b'}", "y|required|is required"),
                // boolean schemas, unknown keywords
                c("{'properties':{'a':false,'b':true}}", "{'a':1,'b':2}", "a|false|is not allowed"),
                c("{'x-unknown':{'type':'string'},'title':'t','description':'d','examples':[1]}", "1"),
                c("{}", "{'anything':[1,{'goes':null}]}"));
    }

    static Stream<Arguments> formatCases() {
        return Stream.of(
                f("date-time", true, "2024-05-01T12:00:00Z", "2024-05-01t12:00:00z", "2024-05-01T12:00:00.123+02:00",
                        "1998-12-31T23:59:60Z", "1998-12-31T15:59:60-08:00", "2024-02-29T00:00:00Z"),
                f("date-time", false, "2024-05-01T12:00Z", "2024-05-01 12:00:00Z", "2024-05-01T12:00:00", "2023-02-29T00:00:00Z",
                        "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:00:60Z", "2024-05-01T12:00:00+24:00",
                        "\uFF12024-05-01T12:00:00Z", ""),
                f("date", true, "2024-02-29", "0001-01-01"),
                f("date", false, "2023-02-29", "2024-5-1", "2024-05-01T00:00:00Z", "2024-04-31"),
                f("time", true, "12:00:00Z", "23:59:60Z", "12:00:00.5+01:00", "00:00:00-00:30"),
                f("time", false, "12:00:00", "12:00Z", "25:00:00Z", "12:60:00Z", "12:00:00+01"),
                f("email", true, "a.b+c@example.com", "user@localhost", "x@sub-domain.example.org"),
                f("email", false, "a@", "@b.com", "a..b@example.com", "a b@example.com", "a@-example.com", ".a@example.com", "plain"),
                f("uuid", true, "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"),
                f("uuid", false, "123e4567e89b12d3a456426614174000", "1-1-1-1-1", "123e4567-e89b-12d3-a456-42661417400g"),
                f("uri", true, "https://example.com/a?b=c#d", "urn:isbn:0451450523", "mailto:a@b.example"),
                f("uri", false, "//example.com/relative", "/just/a/path", "http://exa mple.com", "http://\u4f8b\u3048.jp/\u00e9"),
                f("duration", true, "P1D", "PT15M", "P1Y2M3DT4H5M6S", "P2W"),
                // RFC 3339's duration has no fraction of a second (ISO 8601 has, and java.time.Duration writes one)
                f("duration", false, "P", "PT", "1D", "P1DT", "PT1.S", "P1.5D", "PT0.5S", "PT1.5S"));
    }

    @ParameterizedTest(name = "{0} against {1}")
    @MethodSource("keywordCases")
    void keyword(String schema, String instance, List<String> expected, boolean crossCheck) {
        List<String> actual = render(SchemaValidator.validate(object(schema), json(instance)));
        assertEquals(expected, actual);
        if (crossCheck) {
            assertEquals(expected.isEmpty(), ReferenceValidator.errors(object(schema), json(instance)).isEmpty(),
                    "the reference implementation disagrees");
        }
    }

    @ParameterizedTest(name = "{0} valid={1}: {2}")
    @MethodSource("formatCases")
    void format(String format, boolean valid, List<String> values) {
        JsonObject schema = Json.createObjectBuilder().add("type", "string").add("format", format).build();
        for (String value : values) {
            List<SchemaViolation> violations = SchemaValidator.validate(schema, Json.createValue(value));
            assertEquals(valid ? List.of() : List.of("|format|must be " + Formats.describe(format)), render(violations), value);
            assertEquals(valid, ReferenceValidator.errors(schema, Json.createValue(value)).isEmpty(),
                    "the reference implementation disagrees on " + value);
        }
    }

    @Test
    void formatMessagesSayWhatIsExpected() {
        assertEquals(List.of("when|format|must be a valid date-time (RFC 3339, e.g. 2024-05-01T12:00:00Z)"),
                render(SchemaValidator.validate(object("{'properties':{'when':{'format':'date-time'}}}"), json("{'when':'soon'}"))));
        assertEquals(List.of("|format|must be a valid email address"),
                render(SchemaValidator.validate(object("{'format':'email'}"), json("'nope'"))));
    }

    /** The format says more precisely what was expected than the pattern beside it: one violation per value. */
    @Test
    void aStringFailingItsFormatIsReportedForTheFormatAloneNotAlsoForItsPattern() {
        JsonObject schema = object("{'type':'string','format':'date-time','pattern':'" + TypeSchemas.DATE_TIME_PATTERN.replace("\\", "\\\\") + "'}");
        assertEquals(List.of("|format|must be a valid date-time (RFC 3339, e.g. 2024-05-01T12:00:00Z)"),
                render(SchemaValidator.validate(schema, json("'2024-13-99T99:00'"))));
        assertEquals(List.of("|pattern|must match the pattern " + TypeSchemas.DATE_TIME_PATTERN),
                render(SchemaValidator.validate(schema, json("'2024-05-01T12:00:00+19:00'"))), "a valid date-time java.time cannot hold");
        assertEquals(List.of(), render(SchemaValidator.validate(schema, json("'2024-05-01T12:00:00+18:00'"))));
        assertEquals(List.of("|format|must be a valid email address"),
                render(SchemaValidator.validate(object("{'format':'email','pattern':'@example\\\\.com$'}"), json("'nope'"))));
        assertEquals(List.of("|pattern|must match the pattern @example\\.com$"),
                render(SchemaValidator.validate(object("{'format':'email','pattern':'@example\\\\.com$'}"), json("'a@example.org'"))));
    }

    @Test
    void unknownFormatsAndNonStringsAreNotAsserted() {
        assertEquals(List.of(), SchemaValidator.validate(object("{'format':'hostname'}"), json("'not a host name!'")));
        assertEquals(List.of(), SchemaValidator.validate(object("{'format':'date'}"), json("20240501")));
    }

    @Test
    void handWrittenSchemaWithDefsCompositionAndConditionals() {
        JsonObject schema = object("{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'object',"
                + "'$defs':{'address':{'$anchor':'addressDef','type':'object','properties':{'street':{'type':'string'}}}},"
                + "'properties':{'name':{'type':'string'},'address':{'$ref':'#/$defs/address'},"
                + "'contactMethod':{'type':'string','enum':['phone','email']},'phone':{'type':'string'},'email':{'type':'string'}},"
                + "'allOf':[{'anyOf':[{'required':['phone']},{'required':['email']}]}],"
                + "'if':{'properties':{'contactMethod':{'const':'phone'}},'required':['contactMethod']},"
                + "'then':{'required':['phone']},'else':{'required':['email']},"
                + "'additionalProperties':false}");
        List<List<String>> expected = List.of(
                List.of(),
                List.of("phone|required|is required"),
                List.of("extra|additionalProperties|is not allowed"),
                List.of("address.street|type|must be of type string but was integer",
                        "|anyOf|must match at least one of the schemas in anyOf", "email|required|is required"));
        List<String> instances = List.of(
                "{'name':'a','contactMethod':'phone','phone':'1','address':{'street':'Main'}}",
                "{'contactMethod':'phone','email':'e'}",
                "{'name':'a','extra':1,'email':'e'}",
                "{'address':{'street':1}}");
        for (int i = 0; i < instances.size(); i++) {
            assertEquals(expected.get(i), render(SchemaValidator.validate(schema, json(instances.get(i)))), instances.get(i));
            assertEquals(expected.get(i).isEmpty(), ReferenceValidator.errors(schema, json(instances.get(i))).isEmpty());
        }
    }

    @Test
    void aCompiledSchemaValidatesManyInstancesFromManyThreadsAsValidateDoes() throws Exception {
        JsonObject schema = object("{'type':'object','$defs':{'tag':{'type':'string','pattern':'^[a-z]+$'}},"
                + "'properties':{'name':{'type':'string','minLength':1},'tags':{'type':'array','items':{'$ref':'#/$defs/tag'}}},"
                + "'required':['name'],'additionalProperties':false}");
        List<String> instances = List.of("{'name':'a','tags':['x','y']}", "{'tags':['X']}", "{'name':'','other':1}",
                "{'name':'b','tags':[1,'ok','Not']}", "[]");
        CompiledSchema compiled = SchemaValidator.compile(schema, SchemaLimits.DEFAULTS);
        assertEquals(schema, compiled.json());
        List<List<String>> expected = instances.stream()
                .map(i -> render(SchemaValidator.validate(schema, json(i)))).toList();
        assertEquals(List.of(), expected.get(0));
        assertEquals(List.of("name|required|is required", "tags[0]|pattern|must match the pattern ^[a-z]+$"), expected.get(1));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(threads.submit(() -> {
                    for (int round = 0; round < 500; round++) {
                        for (int i = 0; i < instances.size(); i++) {
                            if (!expected.get(i).equals(render(compiled.validate(json(instances.get(i)))))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertTrue(run.get(60, TimeUnit.SECONDS), "a shared compiled schema answered otherwise");
            }
        } finally {
            threads.shutdownNow();
        }
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.compile(object("{'minimum':'x'}"), SchemaLimits.DEFAULTS));
        assertEquals("Invalid schema: minimum must be a number", malformed.getMessage());
    }

    @Test
    void violationReadsAsASentence() {
        assertEquals("address.zip must be >= 1", new SchemaViolation("address.zip", "minimum", "must be >= 1").toString());
        assertEquals("must be of type object but was array", new SchemaViolation("", "type", "must be of type object but was array").toString());
    }

    // --- bounds ------------------------------------------------------------------------------

    @Test
    void tenThousandNestedArraysGiveOneViolationNotAStackOverflow() {
        JsonValue deep = Json.createArrayBuilder().build();
        for (int i = 1; i < 10_000; i++) {
            deep = Json.createArrayBuilder().add(deep).build();
        }
        JsonValue instance = deep;
        List<SchemaViolation> violations = SchemaValidator.validate(object("{'items':{'$ref':'#'},'uniqueItems':true}"), instance);
        assertEquals(List.of(new SchemaViolation("", "depth", "must not nest arrays and objects more than 100 levels deep")),
                violations);
    }

    @Test
    void tenThousandNestedObjectsGiveOneViolation() {
        JsonValue deep = JsonValue.EMPTY_JSON_OBJECT;
        for (int i = 1; i < 10_000; i++) {
            deep = Json.createObjectBuilder().add("child", deep).build();
        }
        assertEquals(List.of("|depth|must not nest arrays and objects more than 100 levels deep"),
                render(SchemaValidator.validate(object("{'properties':{'child':{'$ref':'#'}}}"), deep)));
    }

    @Test
    void hundredLevelsAreStillValidatedThroughRecursiveRefs() {
        JsonObject schema = new JsonSchemaGenerator().schemaFor(JsonSchemaGeneratorTest.TreeNode.class);
        JsonValue tree = Json.createObjectBuilder().add("label", "leaf").add("children", JsonValue.EMPTY_JSON_ARRAY).build();
        for (int depth = 2; depth < 100; depth += 2) { // each level adds an object and an array
            tree = Json.createObjectBuilder().add("label", "n").add("children", Json.createArrayBuilder().add(tree)).build();
        }
        assertEquals(List.of(), SchemaValidator.validate(schema, tree));

        JsonValue tooDeep = Json.createObjectBuilder().add("label", "n").add("children", Json.createArrayBuilder().add(tree)).build();
        assertEquals(List.of("|depth|must not nest arrays and objects more than 100 levels deep"),
                render(SchemaValidator.validate(schema, tooDeep)));
    }

    @Test
    void schemaThatRefersToItselfWithoutProgressStops() {
        assertEquals(List.of("|$ref|cannot be checked: the schema nests more than 400 levels deep"),
                render(SchemaValidator.validate(object("{'$ref':'#'}"), json("1"))));
        // refused as unchecked even inside anyOf, where a mere failure of the branch could make the whole pass (not)
        assertEquals(List.of("|anyOf|must match at least one of the schemas in anyOf",
                        "|$ref|cannot be checked: the schema nests more than 400 levels deep"),
                render(SchemaValidator.validate(object("{'anyOf':[{'$ref':'#'}]}"), json("1"))));
        assertEquals(List.of("|$ref|cannot be checked: the schema nests more than 400 levels deep"),
                render(SchemaValidator.validate(object("{'not':{'$ref':'#'}}"), json("1"))), "refused, not passed by the not");
    }

    @Test
    void violationsAreCapped() {
        JsonArrayBuilder numbers = Json.createArrayBuilder();
        for (int i = 0; i < 100_000; i++) {
            numbers.add(i);
        }
        List<SchemaViolation> violations = SchemaValidator.validate(object("{'items':{'type':'string'}}"), numbers.build());
        assertEquals(SchemaValidator.MAX_VIOLATIONS, violations.size());
        assertEquals(new SchemaViolation("[99]", "type", "must be of type string but was integer"), violations.get(99));
    }

    @Test
    void uniqueItemsIsLinearOnLargeArrays() {
        JsonArrayBuilder numbers = Json.createArrayBuilder();
        for (int i = 0; i < 200_000; i++) {
            numbers.add(i);
        }
        JsonValue distinct = numbers.add(199_999.0).build();
        List<SchemaViolation> violations = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SchemaValidator.validate(object("{'uniqueItems':true}"), distinct));
        assertEquals(List.of("|uniqueItems|must not contain duplicate items (items 199999 and 200000 are equal)"), render(violations));
    }

    @Test
    void hugeExponentsAreNotExpanded() {
        List<SchemaViolation> violations = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SchemaValidator.validate(object("{'type':'integer','multipleOf':7,'minimum':0,'maximum':10}"),
                        json("1e999999999")));
        assertEquals(List.of("|maximum|must be <= 10", "|multipleOf|must be a multiple of 7"), render(violations));
        assertEquals(List.of("|type|must be of type integer but was number"),
                render(SchemaValidator.validate(object("{'type':'integer'}"), json("1e-999999999"))));
        assertEquals(List.of(), SchemaValidator.validate(object("{'uniqueItems':true}"), json("[1e999999999, 1e-999999999]")));
    }

    @Test
    void patternThatWouldOverflowTheStackIsAViolation() {
        String longValue = "ab".repeat(500_000);
        assertEquals(List.of("|pattern|is too long to be checked against the pattern ^(a|b)*$"),
                render(SchemaValidator.validate(object("{'pattern':'^(a|b)*$'}"), Json.createValue(longValue))));
    }

    @Test
    void malformedSchemasAreProgrammingErrors() {
        assertEquals("Invalid schema: minimum must be a number", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.validate(object("{'minimum':'one'}"), json("1"))).getMessage());
        assertEquals("Invalid schema: only $ref within the same document is supported, not https://example.com/s",
                assertThrows(IllegalArgumentException.class,
                        () -> SchemaValidator.validate(object("{'$ref':'https://example.com/s'}"), json("1"))).getMessage());
        assertEquals("Invalid schema: $ref #/$defs/Missing does not resolve", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.validate(object("{'$ref':'#/$defs/Missing'}"), json("1"))).getMessage());
        assertEquals("Invalid schema: pattern ( is not a valid regular expression", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.validate(object("{'pattern':'('}"), json("'x'"))).getMessage());
        assertEquals("Invalid schema: minLength must be a non-negative integer", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.validate(object("{'minLength':-1}"), json("'x'"))).getMessage());
        assertEquals("Invalid schema: a schema must be an object or a boolean, not NUMBER at /items", assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.validate(object("{'items':5}"), json("[1]"))).getMessage());
        assertThrows(NullPointerException.class, () -> SchemaValidator.validate(object("{}"), null));
    }

    // --- helpers -----------------------------------------------------------------------------

    private static Arguments c(String schema, String instance, String... expected) {
        return Arguments.of(schema, instance, List.of(expected).stream().map(e -> e.replace("\\\"", "\"")).toList(), true);
    }

    private static Arguments unchecked(String schema, String instance, String... expected) {
        return Arguments.of(schema, instance, List.of(expected), false);
    }

    private static Arguments f(String format, boolean valid, String... values) {
        return Arguments.of(format, valid, List.of(values));
    }

    static List<String> render(List<SchemaViolation> violations) {
        return violations.stream().map(v -> v.path() + "|" + v.keyword() + "|" + v.message()).toList();
    }

    /** Past the schema depth cap inside not, the value is unchecked and refused: a mere failure there would pass it. */
    @Test
    void anInstanceThatTakesTheSchemaPastItsDepthInsideNotIsRefusedNotPassed() {
        jakarta.json.JsonObject schema = jakarta.json.Json.createReader(new java.io.StringReader(("{'type':'object','properties':{'filter':"
                + "{'not':{'$ref':'#/$defs/m'}}},'$defs':{'m':{'anyOf':[{'required':['admin']},{'properties':{'and':{'allOf':"
                + "[{'allOf':[{'$ref':'#/$defs/m'}]}]}}}]}}}").replace('\'', '"'))).readObject();
        String inner = "{\"admin\":true}";
        for (int i = 0; i < 80; i++) {
            inner = "{\"and\":" + inner + "}";
        }
        jakarta.json.JsonObject instance = jakarta.json.Json.createReader(new java.io.StringReader("{\"filter\":" + inner + "}")).readObject();
        java.util.List<SchemaViolation> violations = SchemaValidator.validate(schema, instance);
        org.junit.jupiter.api.Assertions.assertFalse(violations.isEmpty(), "an admin filter hidden below the depth cap passed");
    }
}
