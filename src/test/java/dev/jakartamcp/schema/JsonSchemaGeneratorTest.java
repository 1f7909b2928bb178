package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jakartamcp.api.Arg;
import jakarta.annotation.Nullable;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSchemaGeneratorTest {

    private static final String DIALECT = "'$schema':'https://json-schema.org/draft/2020-12/schema'";

    private final JsonSchemaGenerator generator = new JsonSchemaGenerator();

    enum Color { RED, GREEN }

    enum Level {
        @JsonbProperty("low") LOW,
        @JsonbProperty("high") HIGH
    }

    record Address(String street, @Min(10000) @Max(99999) int zip, Optional<String> note) {
    }

    record Person(String name, Address home, List<Address> others) {
    }

    record TreeNode(String label, List<TreeNode> children) {
    }

    record Page<T>(List<T> items, @Nullable String next) {
    }

    record Renamed(@JsonbProperty("first_name") String firstName, @JsonbTransient String secret, Integer age) {
    }

    record Constrained(
            @NotBlank @Size(max = 20) String name,
            @Email String email,
            @Positive long count,
            @PositiveOrZero double ratio,
            @Negative int debt,
            @NegativeOrZero short delta,
            @DecimalMin(value = "0.5", inclusive = false) @DecimalMax("99.5") BigDecimal price,
            @Size(min = 1, max = 3) List<String> tags,
            @NotEmpty Map<String, Integer> counts,
            @Pattern(regexp = "[a-z]+") String code,
            @AssertTrue boolean accepted,
            @Nullable @Size(min = 2) String nickname) {
    }

    /** Two @Pattern on one component (the compiler holds them in one @Pattern.List), and an @Email with its own regexp. */
    record Repeated(@Pattern(regexp = "[a-z]+") @Pattern(regexp = ".{3,8}") String code,
                    @Email(regexp = ".*@example\\.com") String email) {
    }

    static final class Outer {
        record Item(String id) {
        }
    }

    static final class Other {
        record Item(int number) {
        }
    }

    record BothItems(Outer.Item first, Other.Item second) {
    }

    /** Bounded by itself, as Comparable and Enum are. */
    record Interval<T extends Comparable<T>>(T from, T to) {
    }

    record Optionals(Optional<String> text, OptionalInt small, OptionalLong big, OptionalDouble ratio, int plain) {
    }

    /** A bean, as JSON-B sees one: public fields and accessors. */
    public static class Bean {
        public String title;
        @NotNull
        private Integer size;
        private boolean active;
        public static String ignoredStatic;
        public transient String ignoredTransient;

        public Integer getSize() {
            return size;
        }

        public void setSize(Integer size) {
            this.size = size;
        }

        public boolean isActive() {
            return active;
        }

        public String getComputed() {
            return "x";
        }
    }

    // --- tool input schemas -------------------------------------------------------------------

    @SuppressWarnings("unused")
    static void search(
            String query,
            @Min(1) @Max(100) int limit,
            Optional<String> cursor,
            @Size(max = 5) List<String> tags,
            Address address) {
    }

    /**
     * Repeated constraints reach the schema, each of them, and so does an @Email's own regexp beside the format: they
     * were left out (a record component's constraints are checked nowhere else), and any value of the type passed.
     */
    @Test
    void repeatedConstraintsAndAnEmailsRegexpReachTheSchema() {
        JsonObject properties = generator.schemaFor(Repeated.class).getJsonObject("properties");
        JsonObject code = properties.getJsonObject("code");
        assertEquals("^(?:[a-z]+)$", code.getString("pattern"), code.toString());
        assertEquals("^(?:.{3,8})$", code.getJsonArray("allOf").getJsonObject(0).getString("pattern"), code.toString());
        JsonObject email = properties.getJsonObject("email");
        assertEquals("email", email.getString("format"));
        assertEquals("^(?:.*@example\\.com)$", email.getString("pattern"), email.toString());
        assertEquals(List.of(), SchemaValidator.check(generator.schemaFor(Repeated.class)).validate(object("{'code':'abcd','email':'a@example.com'}")));
        assertEquals(2, SchemaValidator.check(generator.schemaFor(Repeated.class)).validate(object("{'code':'ab','email':'a@example.org'}")).size());
    }

    @Test
    void toolInputSchemaFromMethodParameters() throws Exception {
        JsonObject schema = generator.objectSchema(propertiesOf(
                JsonSchemaGeneratorTest.class.getDeclaredMethod("search", String.class, int.class, Optional.class,
                        List.class, Address.class),
                Map.of("query", "Full-text query")));
        assertEquals(object("{" + DIALECT + ",'type':'object','properties':{"
                + "'query':{'type':'string','description':'Full-text query'},"
                + "'limit':{'type':'integer','minimum':1,'maximum':100},"
                + "'cursor':{'type':'string'},"
                + "'tags':{'type':'array','items':{'type':'string'},'maxItems':5},"
                + "'address':{'$ref':'#/$defs/Address'}},"
                + "'required':['query','limit'],"
                + "'$defs':{'Address':{'type':'object','properties':{"
                + "'street':{'type':'string'},"
                + "'zip':{'type':'integer','minimum':10000,'maximum':99999},"
                + "'note':{'type':'string'}},"
                + "'required':['street','zip']}}}"), schema);
        assertMetaValid(schema);
    }

    @Test
    void propertiesKeepDeclarationOrder() {
        JsonObject schema = generator.objectSchema(List.of(
                new SchemaProperty("zeta", String.class, null, false),
                new SchemaProperty("alpha", String.class, null, false),
                new SchemaProperty("mid", String.class, null, false)));
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(schema.getJsonObject("properties").keySet()));
        assertEquals(List.of("type", "description"), List.copyOf(generator.objectSchema(List.of(
                new SchemaProperty("a", String.class, "text", false))).getJsonObject("properties").getJsonObject("a").keySet()));
    }

    @Test
    void aSecretPropertyIsWriteOnly() {
        JsonObject schema = generator.objectSchema(List.of(
                new SchemaProperty("user", String.class, null, true),
                new SchemaProperty("pin", String.class, "the PIN", true, dev.jakartamcp.beans.DefinedArg.annotations(true)),
                new SchemaProperty("code", int.class, null, false, dev.jakartamcp.beans.DefinedArg.annotations(false))));
        assertEquals(object("{" + DIALECT + ",'type':'object','properties':{'user':{'type':'string'},"
                + "'pin':{'type':'string','description':'the PIN','writeOnly':true},"
                + "'code':{'type':'integer','minimum':-2147483648,'maximum':2147483647}},'required':['user','pin','code']}"), schema);
        assertMetaValid(schema);
        // a record component marked secret is writeOnly where it is read, not in an output schema
        JsonObject credentials = generator.objectSchema(List.of(new SchemaProperty("login", Credentials.class, null, true)));
        assertEquals(object("{'type':'object','properties':{'user':{'type':'string'},'password':{'type':'string','writeOnly':true}},"
                + "'required':['user','password']}"), credentials.getJsonObject("$defs").getJsonObject("Credentials"));
        assertMetaValid(credentials);
        assertEquals(object("{'type':'string'}"), generator.outputSchema(Credentials.class).getJsonObject("properties").getJsonObject("password"));
    }

    record Credentials(String user, @dev.jakartamcp.api.Arg(secret = true) String password) {
    }

    @Test
    void noPropertiesGiveAnOpenObject() {
        JsonObject schema = generator.objectSchema(List.of());
        assertEquals(object("{" + DIALECT + ",'type':'object','properties':{}}"), schema);
        assertMetaValid(schema);
    }

    @Test
    void requiredFollowsFlagPrimitivesConstraintsAndOptional() {
        JsonObject schema = generator.objectSchema(List.of(
                new SchemaProperty("flagged", String.class, null, true),
                new SchemaProperty("unflagged", String.class, null, false),
                new SchemaProperty("primitive", int.class, null, false),
                new SchemaProperty("notNull", String.class, null, false, annotations("notNull")),
                new SchemaProperty("notBlank", String.class, null, false, annotations("notBlank")),
                new SchemaProperty("optional", new TypeOf<Optional<String>>() { }.type(), null, true),
                new SchemaProperty("optionalInt", OptionalInt.class, null, true, annotations("notNull"))));
        assertEquals(List.of("flagged", "primitive", "notNull", "notBlank"), strings(schema.getJsonArray("required")));
    }

    @Test
    void blankDescriptionsAreLeftOut() {
        JsonObject schema = generator.objectSchema(List.of(
                new SchemaProperty("a", String.class, "  ", false),
                new SchemaProperty("b", Address.class, "Where to ship", false)));
        assertEquals(object("{'type':'string'}"), schema.getJsonObject("properties").getJsonObject("a"));
        assertEquals(object("{'$ref':'#/$defs/Address','description':'Where to ship'}"),
                schema.getJsonObject("properties").getJsonObject("b"));
        assertMetaValid(schema);
    }

    @Test
    void duplicatePropertyNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> generator.objectSchema(List.of(
                new SchemaProperty("a", String.class, null, false),
                new SchemaProperty("a", int.class, null, false))));
        assertEquals("Duplicate property a", e.getMessage());
    }

    // --- one schema per type ------------------------------------------------------------------

    /** A regular expression as it stands in the single-quoted JSON of these tests. */
    private static String inJson(String regex) {
        return regex.replace("\\", "\\\\");
    }

    static Stream<Arguments> typeMappings() {
        return Stream.of(
                Arguments.of(String.class, "{'type':'string'}"),
                Arguments.of(CharSequence.class, "{'type':'string'}"),
                Arguments.of(char.class, "{'type':'string','minLength':1,'maxLength':1,'pattern':'^[\\\\u0000-\\\\uFFFF]$'}"),
                Arguments.of(Character.class, "{'type':'string','minLength':1,'maxLength':1,'pattern':'^[\\\\u0000-\\\\uFFFF]$'}"),
                Arguments.of(boolean.class, "{'type':'boolean'}"),
                Arguments.of(Boolean.class, "{'type':'boolean'}"),
                Arguments.of(int.class, "{'type':'integer','minimum':-2147483648,'maximum':2147483647}"),
                Arguments.of(Integer.class, "{'type':'integer','minimum':-2147483648,'maximum':2147483647}"),
                Arguments.of(short.class, "{'type':'integer','minimum':-32768,'maximum':32767}"),
                Arguments.of(Short.class, "{'type':'integer','minimum':-32768,'maximum':32767}"),
                Arguments.of(byte.class, "{'type':'integer','minimum':-128,'maximum':127}"),
                Arguments.of(Byte.class, "{'type':'integer','minimum':-128,'maximum':127}"),
                Arguments.of(long.class, "{'type':'integer'}"),
                Arguments.of(Long.class, "{'type':'integer'}"),
                Arguments.of(BigInteger.class, "{'type':'integer'}"),
                Arguments.of(float.class, "{'type':'number'}"),
                Arguments.of(Float.class, "{'type':'number'}"),
                Arguments.of(double.class, "{'type':'number'}"),
                Arguments.of(Double.class, "{'type':'number'}"),
                Arguments.of(BigDecimal.class, "{'type':'number'}"),
                Arguments.of(Number.class, "{'type':'number'}"),
                Arguments.of(Color.class, "{'type':'string','enum':['RED','GREEN']}"),
                Arguments.of(Level.class, "{'type':'string','enum':['low','high']}"),
                Arguments.of(String[].class, "{'type':'array','items':{'type':'string'}}"),
                Arguments.of(int[].class, "{'type':'array','items':{'type':'integer','minimum':-2147483648,'maximum':2147483647}}"),
                Arguments.of(new TypeOf<List<String>>() { }.type(), "{'type':'array','items':{'type':'string'}}"),
                Arguments.of(new TypeOf<Collection<Boolean>>() { }.type(), "{'type':'array','items':{'type':'boolean'}}"),
                Arguments.of(new TypeOf<ArrayList<Long>>() { }.type(), "{'type':'array','items':{'type':'integer'}}"),
                Arguments.of(new TypeOf<List<List<String>>>() { }.type(),
                        "{'type':'array','items':{'type':'array','items':{'type':'string'}}}"),
                Arguments.of(new TypeOf<Set<Color>>() { }.type(),
                        "{'type':'array','items':{'type':'string','enum':['RED','GREEN']},'uniqueItems':true}"),
                Arguments.of(new TypeOf<SortedSet<String>>() { }.type(),
                        "{'type':'array','items':{'type':'string'},'uniqueItems':true}"),
                Arguments.of(List.class, "{'type':'array','items':{}}"),
                Arguments.of(new TypeOf<List<? extends Number>>() { }.type(), "{'type':'array','items':{'type':'number'}}"),
                Arguments.of(new TypeOf<Map<String, Double>>() { }.type(),
                        "{'type':'object','additionalProperties':{'type':'number'}}"),
                Arguments.of(new TypeOf<Map<Color, String>>() { }.type(),
                        "{'type':'object','propertyNames':{'type':'string','enum':['RED','GREEN']},'additionalProperties':{'type':'string'}}"),
                Arguments.of(new TypeOf<Map<String, List<String>>>() { }.type(),
                        "{'type':'object','additionalProperties':{'type':'array','items':{'type':'string'}}}"),
                Arguments.of(new TypeOf<Optional<String>>() { }.type(), "{'type':'string'}"),
                Arguments.of(OptionalInt.class, "{'type':'integer','minimum':-2147483648,'maximum':2147483647}"),
                Arguments.of(OptionalLong.class, "{'type':'integer'}"),
                Arguments.of(OptionalDouble.class, "{'type':'number'}"),
                Arguments.of(Instant.class, "{'type':'string','format':'date-time','pattern':'" + inJson(TypeSchemas.DATE_TIME_PATTERN) + "'}"),
                Arguments.of(OffsetDateTime.class, "{'type':'string','format':'date-time','pattern':'" + inJson(TypeSchemas.DATE_TIME_PATTERN) + "'}"),
                Arguments.of(ZonedDateTime.class, "{'type':'string','format':'date-time','pattern':'" + inJson(TypeSchemas.DATE_TIME_PATTERN) + "'}"),
                Arguments.of(LocalDateTime.class, "{'type':'string','pattern':'" + inJson(TypeSchemas.LOCAL_DATE_TIME_PATTERN) + "'}"),
                Arguments.of(LocalDate.class, "{'type':'string','format':'date'}"),
                Arguments.of(LocalTime.class, "{'type':'string','pattern':'" + inJson(TypeSchemas.LOCAL_TIME_PATTERN) + "'}"),
                Arguments.of(OffsetTime.class, "{'type':'string','format':'time','pattern':'" + inJson(TypeSchemas.TIME_PATTERN) + "'}"),
                // no format: JSON Schema's duration (RFC 3339) has no fraction of a second, which a Duration writes
                Arguments.of(Duration.class, "{'type':'string','pattern':'" + inJson(TypeSchemas.DURATION_PATTERN) + "'}"),
                Arguments.of(Period.class, "{'type':'string','format':'duration','pattern':'"
                        + inJson(TypeSchemas.PERIOD_PATTERN) + "'}"),
                Arguments.of(UUID.class, "{'type':'string','format':'uuid'}"),
                Arguments.of(URI.class, "{'type':'string','format':'uri'}"),
                Arguments.of(URL.class, "{'type':'string','format':'uri','pattern':'" + inJson(TypeSchemas.URL_SCHEMES) + "'}"),
                Arguments.of(JsonObject.class, "{'type':'object'}"),
                Arguments.of(JsonArray.class, "{'type':'array'}"),
                Arguments.of(JsonString.class, "{'type':'string'}"),
                Arguments.of(JsonNumber.class, "{'type':'number'}"),
                Arguments.of(JsonValue.class, "{}"),
                Arguments.of(Object.class, "{}"));
    }

    /** A URL's schema admits what its binding reads: a URI of a scheme the JDK has a handler for, not urn: or tag:. */
    @org.junit.jupiter.api.Test
    void aUrlsSchemaAdmitsOnlyWhatBindsAsAUrl() {
        CompiledSchema schema = SchemaValidator.check(generator.schemaFor(URL.class));
        ArgumentBinder binder = new ArgumentBinder(jakarta.json.bind.JsonbBuilder.create(ArgumentBinder.jsonbConfig()));
        for (String url : List.of("https://example.com/x", "HTTP://example.com", "ftp://example.com/f", "file:///tmp/x", "mailto:a@example.com",
                "jar:file:/opt/app/lib/x.jar!/templates/a.txt", String.valueOf(Object.class.getResource("Object.class")))) {
            JsonValue value = jakarta.json.Json.createValue(url);
            assertEquals(List.of(), schema.validate(value), url);
            binder.bind("u", value, URL.class);
        }
        for (String uri : List.of("urn:isbn:0451450523", "tag:example.com,2024:x")) {
            assertEquals(1, schema.validate(jakarta.json.Json.createValue(uri)).size(), uri + " is a URI, not a URL");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeMappings")
    void mapsType(Type type, String expected) {
        JsonObject schema = generator.schemaFor(type);
        var withDialect = jakarta.json.Json.createObjectBuilder().add("$schema", JsonSchemaGenerator.DIALECT);
        object(expected).forEach(withDialect::add);
        assertEquals(withDialect.build(), schema);
        assertMetaValid(schema);
    }

    // --- records and beans --------------------------------------------------------------------

    @Test
    void recordAtTheRootIsAnInlineObject() {
        JsonObject schema = generator.schemaFor(Person.class);
        assertEquals(object("{" + DIALECT + ",'type':'object','properties':{"
                + "'name':{'type':'string'},"
                + "'home':{'$ref':'#/$defs/Address'},"
                + "'others':{'type':'array','items':{'$ref':'#/$defs/Address'}}},"
                + "'required':['name','home','others'],"
                + "'$defs':{'Address':{'type':'object','properties':{"
                + "'street':{'type':'string'},"
                + "'zip':{'type':'integer','minimum':10000,'maximum':99999},"
                + "'note':{'type':'string'}},"
                + "'required':['street','zip']}}}"), schema);
        assertMetaValid(schema);
    }

    record Login(@Arg(description = "who signs in") String user, @Arg(secret = true) String passphrase) {
    }

    public static class Account {
        @Arg(description = "the holder of the account")
        public String holder;
    }

    record RenamedComponent(@Arg(name = "zip_code") String zip) {
    }

    public static class RenamedField {
        @Arg(name = "zip_code")
        public String zip;
    }

    @Test
    void argOnARecordComponentOrFieldDescribesIt() {
        JsonObject login = generator.schemaFor(Login.class).getJsonObject("properties");
        assertEquals(object("{'type':'string','description':'who signs in'}"), login.getJsonObject("user"));
        assertEquals(object("{'type':'string','writeOnly':true}"), login.getJsonObject("passphrase"));
        assertEquals(object("{'type':'string','description':'the holder of the account'}"),
                generator.schemaFor(Account.class).getJsonObject("properties").getJsonObject("holder"));
        assertEquals(object("{'type':'string','description':'who signs in'}"),
                generator.outputSchema(Login.class).getJsonObject("properties").getJsonObject("user"));
    }

    @Test
    void argNamingARecordComponentOrFieldIsRefusedForJsonbProperty() {
        String refused = "@Arg(name = \"zip_code\") on %s.zip does not rename a record component or a field;"
                + " use @JsonbProperty(\"zip_code\"), which the binder and JSON-B both follow";
        assertEquals(String.format(refused, "RenamedComponent"),
                assertThrows(IllegalArgumentException.class, () -> generator.schemaFor(RenamedComponent.class)).getMessage());
        assertEquals("its result (RenamedComponent): " + String.format(refused, "RenamedComponent"),
                assertThrows(IllegalArgumentException.class, () -> generator.outputSchema(RenamedComponent.class)).getMessage());
        assertEquals("parameter 'address' (RenamedField): " + String.format(refused, "RenamedField"),
                assertThrows(IllegalArgumentException.class, () -> generator.objectSchema(
                        List.of(new SchemaProperty("address", RenamedField.class, null, true)))).getMessage());
    }

    record Node<T>(T value, Node<List<T>> next) {
    }

    public static class Chain<T> {
        public T value;
        public Chain<Optional<T>> next;
    }

    record Labelled<T>(T value, Labelled<String> label, List<Labelled<T>> more) {
    }

    @Test
    void aTypeGrowingWithEachLevelOfItsRecursionIsRefusedNamingIt() {
        Type node = new TypeOf<Node<String>>() { }.type();
        String grows = "Node grows with each level of its own recursion (Node<String> holds a Node<List<String>>, which holds a"
                + " larger one again): no schema can describe it; let the recursive component keep its type arguments (Node<T>)";
        assertEquals(grows, assertThrows(IllegalArgumentException.class, () -> generator.schemaFor(node)).getMessage());
        assertEquals("its result (Node<String>): " + grows,
                assertThrows(IllegalArgumentException.class, () -> generator.outputSchema(node)).getMessage());
        assertEquals("parameter 'chain' (Chain<Integer>): Chain grows with each level of its own recursion (Chain<Integer> holds"
                        + " a Chain<Optional<Integer>>, which holds a larger one again): no schema can describe it; let the recursive"
                        + " component keep its type arguments (Chain<T>)",
                assertThrows(IllegalArgumentException.class, () -> generator.objectSchema(List.of(new SchemaProperty("chain",
                        new TypeOf<Chain<Integer>>() { }.type(), null, true)))).getMessage());
    }

    @Test
    void aRecursiveTypeWithOtherButNotGrowingArgumentsIsDescribed() {
        JsonObject schema = generator.schemaFor(new TypeOf<Labelled<Integer>>() { }.type());
        assertEquals(Set.of("Labelled_Integer", "Labelled_String"), schema.getJsonObject("$defs").keySet());
        assertMetaValid(schema);
    }

    @Test
    void recursiveRecordEndsInARefToItsDefinition() {
        JsonObject schema = generator.schemaFor(TreeNode.class);
        String body = "'type':'object','properties':{'label':{'type':'string'},"
                + "'children':{'type':'array','items':{'$ref':'#/$defs/TreeNode'}}},'required':['label','children']";
        assertEquals(object("{" + DIALECT + "," + body + ",'$defs':{'TreeNode':{" + body + "}}}"), schema);
        assertMetaValid(schema);
    }

    @Test
    void recursiveRecordNestedInAToolHasOneDefinition() {
        JsonObject schema = generator.objectSchema(List.of(new SchemaProperty("tree", TreeNode.class, null, true)));
        assertEquals(object("{'$ref':'#/$defs/TreeNode'}"), schema.getJsonObject("properties").getJsonObject("tree"));
        assertEquals(Set.of("TreeNode"), schema.getJsonObject("$defs").keySet());
        assertMetaValid(schema);
    }

    @Test
    void genericRecordIsResolvedAndNamedAfterItsArguments() {
        JsonObject schema = generator.objectSchema(List.of(
                new SchemaProperty("people", new TypeOf<Page<Person>>() { }.type(), null, true),
                new SchemaProperty("names", new TypeOf<Page<String>>() { }.type(), null, true)));
        assertEquals(object("{'$ref':'#/$defs/Page_Person'}"), schema.getJsonObject("properties").getJsonObject("people"));
        assertEquals(object("{'type':'object','properties':{"
                + "'items':{'type':'array','items':{'$ref':'#/$defs/Person'}},'next':{'type':'string'}},'required':['items']}"),
                schema.getJsonObject("$defs").getJsonObject("Page_Person"));
        assertEquals(object("{'type':'object','properties':{"
                + "'items':{'type':'array','items':{'type':'string'}},'next':{'type':'string'}},'required':['items']}"),
                schema.getJsonObject("$defs").getJsonObject("Page_String"));
        assertEquals(List.of("Page_Person", "Person", "Address", "Page_String"), List.copyOf(schema.getJsonObject("$defs").keySet()));
        assertMetaValid(schema);
    }

    @Test
    void sameSimpleNameGetsANumber() {
        JsonObject schema = generator.schemaFor(BothItems.class);
        assertEquals(object("{'$ref':'#/$defs/Item'}"), schema.getJsonObject("properties").getJsonObject("first"));
        assertEquals(object("{'$ref':'#/$defs/Item2'}"), schema.getJsonObject("properties").getJsonObject("second"));
        assertEquals(object("{'type':'object','properties':{'number':{'type':'integer','minimum':-2147483648,'maximum':2147483647}},"
                + "'required':['number']}"), schema.getJsonObject("$defs").getJsonObject("Item2"));
        assertMetaValid(schema);
    }

    @Test
    void jsonbPropertyRenamesAndJsonbTransientHides() {
        JsonObject schema = generator.schemaFor(Renamed.class);
        assertEquals(object("{" + DIALECT + ",'type':'object','properties':{'first_name':{'type':'string'},"
                + "'age':{'type':'integer','minimum':-2147483648,'maximum':2147483647}},'required':['first_name','age']}"), schema);
        assertMetaValid(schema);
    }

    @Test
    void optionalsAreNeverRequired() {
        JsonObject schema = generator.schemaFor(Optionals.class);
        assertEquals(List.of("plain"), strings(schema.getJsonArray("required")));
        assertEquals(object("{'type':'integer'}"), schema.getJsonObject("properties").getJsonObject("big"));
        assertMetaValid(schema);
    }

    @Test
    void constraintsOnRecordComponents() {
        JsonObject schema = generator.schemaFor(Constrained.class);
        assertEquals(object("{" + DIALECT + ",'type':'object','properties':{"
                + "'name':{'type':'string','minLength':1,'pattern':'\\\\S','maxLength':20},"
                + "'email':{'type':'string','format':'email'},"
                + "'count':{'type':'integer','exclusiveMinimum':0},"
                + "'ratio':{'type':'number','minimum':0},"
                + "'debt':{'type':'integer','minimum':-2147483648,'exclusiveMaximum':0},"
                + "'delta':{'type':'integer','minimum':-32768,'maximum':0},"
                + "'price':{'type':'number','exclusiveMinimum':0.5,'maximum':99.5},"
                + "'tags':{'type':'array','items':{'type':'string'},'minItems':1,'maxItems':3},"
                + "'counts':{'type':'object','additionalProperties':{'type':'integer','minimum':-2147483648,'maximum':2147483647},"
                + "'minProperties':1},"
                + "'code':{'type':'string','pattern':'^(?:[a-z]+)$'},"
                + "'accepted':{'type':'boolean','const':true},"
                + "'nickname':{'type':'string','minLength':2}},"
                + "'required':['name','email','count','ratio','debt','delta','price','tags','counts','code','accepted']}"),
                schema);
        assertMetaValid(schema);
    }

    @Test
    void tighterBoundWinsOverTheJavaRange() {
        JsonObject schema = generator.objectSchema(List.of(
                new SchemaProperty("huge", int.class, null, true, annotations("hugeMax")),
                new SchemaProperty("positive", int.class, null, true, annotations("positive")),
                new SchemaProperty("minAndPositive", int.class, null, true, annotations("minZeroAndPositive")),
                new SchemaProperty("positiveAndMin", int.class, null, true, annotations("positiveAndMinFive"))));
        JsonObject properties = schema.getJsonObject("properties");
        assertEquals(object("{'type':'integer','minimum':-2147483648,'maximum':2147483647}"), properties.getJsonObject("huge"));
        assertEquals(object("{'type':'integer','maximum':2147483647,'exclusiveMinimum':0}"), properties.getJsonObject("positive"));
        assertEquals(object("{'type':'integer','maximum':2147483647,'exclusiveMinimum':0}"), properties.getJsonObject("minAndPositive"));
        assertEquals(object("{'type':'integer','maximum':2147483647,'minimum':5}"), properties.getJsonObject("positiveAndMin"));
        assertMetaValid(schema);
    }

    @Test
    void secondPatternGoesIntoAllOfAndAFlaggedPatternIsRefused() {
        JsonObject schema = generator.objectSchema(List.of(
                new SchemaProperty("both", String.class, null, false, annotations("patternAndNotBlank")),
                new SchemaProperty("sizedMap", new TypeOf<Map<String, String>>() { }.type(), null, false, annotations("sizeTwoToFour")),
                new SchemaProperty("notEmptyList", new TypeOf<List<String>>() { }.type(), null, false, annotations("notEmpty")),
                new SchemaProperty("ignoredOnNumber", long.class, null, false, annotations("sizeTwoToFour")),
                new SchemaProperty("ignoredOnRecord", Address.class, null, false, annotations("sizeTwoToFour")),
                new SchemaProperty("optionalString", new TypeOf<Optional<String>>() { }.type(), null, false,
                        annotations("sizeTwoToFour"))));
        JsonObject properties = schema.getJsonObject("properties");
        assertEquals(object("{'type':'string','pattern':'^(?:\\\\d+)$','minLength':1,'allOf':[{'pattern':'\\\\S'}]}"),
                properties.getJsonObject("both"));
        assertEquals(object("{'type':'object','additionalProperties':{'type':'string'},'minProperties':2,'maxProperties':4}"),
                properties.getJsonObject("sizedMap"));
        assertEquals(object("{'type':'array','items':{'type':'string'},'minItems':1}"), properties.getJsonObject("notEmptyList"));
        assertEquals(object("{'type':'integer'}"), properties.getJsonObject("ignoredOnNumber"));
        assertEquals(object("{'$ref':'#/$defs/Address'}"), properties.getJsonObject("ignoredOnRecord"));
        assertEquals(object("{'type':'string','minLength':2,'maxLength':4}"), properties.getJsonObject("optionalString"));
        assertEquals(List.of("both", "notEmptyList", "ignoredOnNumber"), strings(schema.getJsonArray("required")));
        assertMetaValid(schema);
        assertThrows(IllegalArgumentException.class, () -> generator.objectSchema(List.of(
                new SchemaProperty("flagged", String.class, null, false, annotations("flaggedPattern")))));
    }

    @Test
    void beanPropertiesFollowJsonbVisibility() {
        JsonObject schema = generator.schemaFor(Bean.class);
        assertEquals(object("{" + DIALECT + ",'type':'object','properties':{"
                + "'title':{'type':'string'},"
                + "'size':{'type':'integer','minimum':-2147483648,'maximum':2147483647},"
                + "'active':{'type':'boolean'},"
                + "'computed':{'type':'string'}},"
                + "'required':['size']}"), schema);
        assertMetaValid(schema);
    }

    @Test
    void unmappableTypesAreRefusedAtGeneration() {
        assertEquals("No JSON Schema mapping for java.util.Locale",
                assertThrows(IllegalArgumentException.class, () -> generator.schemaFor(Locale.class)).getMessage());
        assertEquals("No JSON Schema mapping for java.lang.Runnable",
                assertThrows(IllegalArgumentException.class, () -> generator.schemaFor(Runnable.class)).getMessage());
        assertEquals("Map keys must be String or an enum: java.util.Map<java.lang.Integer, java.lang.String>",
                assertThrows(IllegalArgumentException.class,
                        () -> generator.schemaFor(new TypeOf<Map<Integer, String>>() { }.type())).getMessage());
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aSelfBoundedTypeVariableLeftUnboundIsRefusedNotAStackOverflow() {
        // a raw Interval: T stands for its bound, Comparable<T>, which names T again
        assertEquals("No JSON Schema mapping for java.lang.Comparable<java.lang.Comparable>",
                assertThrows(IllegalArgumentException.class, () -> generator.schemaFor(Interval.class)).getMessage());
        assertEquals("parameter 'range' (List<Interval>): No JSON Schema mapping for java.lang.Comparable<java.lang.Comparable>",
                assertThrows(IllegalArgumentException.class, () -> generator.objectSchema(List.of(
                        new SchemaProperty("range", new TypeOf<List<Interval>>() { }.type(), null, true)))).getMessage());
        assertEquals(object("{'type':'string'}"), generator.schemaFor(new TypeOf<Interval<String>>() { }.type())
                .getJsonObject("properties").getJsonObject("from"));
    }

    @Test
    void schemaPropertyIsImmutable() {
        Annotation[] annotations = annotations("notNull");
        SchemaProperty property = new SchemaProperty("a", String.class, null, false, annotations);
        annotations[0] = null;
        property.annotations()[0] = null;
        assertEquals(NotNull.class, property.annotations()[0].annotationType());
        assertEquals(0, new SchemaProperty("b", String.class, null, false).annotations().length);
    }

    // --- helpers ------------------------------------------------------------------------------

    static void assertMetaValid(JsonObject schema) {
        assertEquals(List.of(), ReferenceValidator.metaSchemaErrors(schema), schema::toString);
    }

    private static List<SchemaProperty> propertiesOf(Method method, Map<String, String> descriptions) {
        List<SchemaProperty> properties = new ArrayList<>();
        for (Parameter p : method.getParameters()) {
            properties.add(new SchemaProperty(p.getName(), p.getParameterizedType(), descriptions.get(p.getName()),
                    p.getType() == String.class, p.getAnnotations()));
        }
        return properties;
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString::getString);
    }

    /** The annotations of the parameter of the {@link Annotated} method with the given name. */
    static Annotation[] annotations(String method) {
        return Arrays.stream(Annotated.class.getDeclaredMethods()).filter(m -> m.getName().equals(method))
                .findFirst().orElseThrow().getParameters()[0].getAnnotations();
    }

    @SuppressWarnings("unused")
    interface Annotated {
        void notNull(@NotNull Object x);

        void notBlank(@NotBlank Object x);

        void notEmpty(@NotEmpty Object x);

        void hugeMax(@Max(1_000_000_000_000L) @Min(-1_000_000_000_000L) Object x);

        void positive(@Positive Object x);

        void minZeroAndPositive(@Min(0) @Positive Object x);

        void positiveAndMinFive(@Positive @Min(5) Object x);

        void patternAndNotBlank(@Pattern(regexp = "\\d+") @NotBlank Object x);

        void flaggedPattern(@Pattern(regexp = "abc", flags = Pattern.Flag.CASE_INSENSITIVE) Object x);

        void sizeTwoToFour(@Size(min = 2, max = 4) Object x);
    }
}
