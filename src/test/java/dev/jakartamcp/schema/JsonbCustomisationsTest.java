package dev.jakartamcp.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jakartamcp.schema.dated.Holiday;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbDateFormat;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbNumberFormat;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import jakarta.json.bind.annotation.JsonbVisibility;
import jakarta.json.bind.config.PropertyVisibilityStrategy;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * JSON-B annotations that change the JSON form of a property or class are refused where a schema is generated, naming
 * the class, the property and the annotation: the schema would not describe them. Before, the schema was generated
 * without them (the first test shows what it said and what was really read and written).
 */
class JsonbCustomisationsTest {

    private static final Jsonb JSONB = JsonbBuilder.create(ArgumentBinder.jsonbConfig());
    private final JsonSchemaGenerator generator = new JsonSchemaGenerator();

    public static class Length implements JsonbAdapter<String, Integer> {
        @Override
        public Integer adaptToJson(String text) {
            return text.length();
        }

        @Override
        public String adaptFromJson(Integer length) {
            return "x".repeat(length);
        }
    }

    public static class Upper implements JsonbSerializer<String>, JsonbDeserializer<String> {
        @Override
        public void serialize(String value, JsonGenerator generator, SerializationContext context) {
            generator.write(value.toUpperCase());
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return parser.getString().toLowerCase();
        }
    }

    public static class Adapted {
        @JsonbTypeAdapter(Length.class)
        public String code;
    }

    public record Serialized(@JsonbTypeSerializer(Upper.class) String name) {
    }

    public static class Deserialized {
        private String name;

        public String getName() {
            return name;
        }

        @JsonbTypeDeserializer(Upper.class)
        public void setName(String name) {
            this.name = name;
        }
    }

    @JsonbTypeSerializer(Upper.class)
    public static class SerializedClass {
        public String name;
    }

    public static class Dated {
        @JsonbDateFormat("dd.MM.yyyy")
        public LocalDate day;
    }

    public record DatedRecord(@JsonbDateFormat("dd.MM.yyyy") LocalDate day) {
    }

    @JsonbDateFormat("dd.MM.yyyy")
    public static class DatedClass {
        public LocalDate day;
    }

    public static class Priced {
        private double amount;

        @JsonbNumberFormat("#0.00")
        public double getAmount() {
            return amount;
        }

        public void setAmount(double amount) {
            this.amount = amount;
        }
    }

    @JsonbNillable
    public static class Nillable {
        public String note;
    }

    public record NillableComponent(@JsonbProperty(value = "n", nillable = true) String note) {
    }

    @JsonbNillable(false)
    public static class NotNillable {
        public String note;
    }

    public static class Fields implements PropertyVisibilityStrategy {
        @Override
        public boolean isVisible(Field field) {
            return true;
        }

        @Override
        public boolean isVisible(Method method) {
            return false;
        }
    }

    @JsonbVisibility(Fields.class)
    public static class Private {
        private String secret;
    }

    @JsonbTypeInfo({@JsonbSubtype(alias = "dog", type = Dog.class)})
    public static class Animal {
        public String name;
    }

    public static class Dog extends Animal {
        public boolean barks;
    }

    public record Kennel(List<Dog> dogs) {
    }

    /** What passes: names, transient properties, creators and property order. */
    @JsonbPropertyOrder({"b", "a"})
    public static class Plain {
        @JsonbProperty("A")
        public String a;
        public String b;
        @JsonbTransient
        public String hidden;

        @JsonbCreator
        public Plain(@JsonbProperty("A") String a) {
            this.a = a;
        }
    }

    public record PlainRecord(@JsonbProperty("when") LocalDate day, @JsonbTransient String hidden) {
    }

    public void dayParameter(@JsonbDateFormat("dd.MM.yyyy") LocalDate day) {
    }

    private static String refusal(Executable generation) {
        return assertThrows(IllegalArgumentException.class, generation).getMessage();
    }

    @Test
    void beforeTheSchemaDescribedWhatWasNeitherReadNorWritten() throws Exception {
        // what JSON-B (binding a class) and the server's binder (a record) do with them, which the schema did not say
        Adapted adapted = new Adapted();
        adapted.code = "abc";
        assertEquals("{\"code\":3}", JSONB.toJson(adapted)); // the schema said a string
        Priced priced = new Priced();
        priced.setAmount(3);
        assertEquals("{\"amount\":\"3.00\"}", JSONB.toJson(priced)); // the schema said a number
        assertEquals("{\"note\":null}", JSONB.toJson(new Nillable())); // the schema said a string
        ArgumentBinder binder = new ArgumentBinder(JSONB);
        JsonObject day = Json.createObjectBuilder().add("day", "31.12.2024").build();
        // @JsonbDateFormat is followed by neither: the dd.MM.yyyy date is refused, in a record and in a class
        assertThrows(ArgumentBindingException.class, () -> binder.bind("a", day, DatedRecord.class));
        assertThrows(ArgumentBindingException.class, () -> binder.bind("a", day, Dated.class));
    }

    @Test
    void typeAdaptersSerializersAndDeserializersAreRefused() {
        String adapted = refusal(() -> generator.schemaFor(Adapted.class));
        assertTrue(adapted.startsWith("@JsonbTypeAdapter on Adapted.code changes the JSON form of the value"), adapted);
        assertTrue(adapted.contains("declare the property as the type its JSON has"), adapted);
        assertTrue(refusal(() -> generator.outputSchema(Serialized.class))
                .startsWith("its result (Serialized): @JsonbTypeSerializer on Serialized.name changes"));
        assertTrue(refusal(() -> generator.schemaFor(Deserialized.class))
                .startsWith("@JsonbTypeDeserializer on Deserialized.name changes"));
        assertTrue(refusal(() -> generator.objectSchema(List.of(new SchemaProperty("s", SerializedClass.class, null, true))))
                .startsWith("parameter 's' (SerializedClass): @JsonbTypeSerializer on SerializedClass changes"));
    }

    @Test
    void dateFormatsAreRefusedOnPropertiesClassesPackagesAndParameters() throws Exception {
        String dated = refusal(() -> generator.schemaFor(Dated.class));
        assertTrue(dated.startsWith("@JsonbDateFormat(\"dd.MM.yyyy\") on Dated.day is not followed"), dated);
        assertTrue(dated.contains("declare the property as String and parse it in the tool"), dated);
        assertTrue(refusal(() -> generator.schemaFor(DatedRecord.class)).startsWith("@JsonbDateFormat(\"dd.MM.yyyy\") on DatedRecord.day"));
        assertTrue(refusal(() -> generator.schemaFor(DatedClass.class)).startsWith("@JsonbDateFormat(\"dd.MM.yyyy\") on DatedClass is"));
        assertTrue(refusal(() -> generator.schemaFor(Holiday.class))
                .startsWith("@JsonbDateFormat(\"dd.MM.yyyy\") on package dev.jakartamcp.schema.dated (of Holiday) is"));
        Method method = getClass().getMethod("dayParameter", LocalDate.class);
        SchemaProperty parameter = new SchemaProperty("day", LocalDate.class, null, true, method.getParameterAnnotations()[0]);
        assertTrue(refusal(() -> generator.objectSchema(List.of(parameter)))
                .startsWith("parameter 'day' (LocalDate): @JsonbDateFormat(\"dd.MM.yyyy\") is not followed"));
    }

    @Test
    void numberFormatsAreRefused() {
        String priced = refusal(() -> generator.schemaFor(Priced.class));
        assertTrue(priced.startsWith("@JsonbNumberFormat(\"#0.00\") on Priced.amount makes JSON-B write"), priced);
    }

    @Test
    void nillableIsRefused() {
        assertTrue(refusal(() -> generator.schemaFor(Nillable.class)).startsWith("@JsonbNillable on Nillable would have"));
        assertTrue(refusal(() -> generator.outputSchema(NillableComponent.class))
                .startsWith("its result (NillableComponent): @JsonbProperty(nillable = true) on NillableComponent.n"));
        generator.schemaFor(NotNillable.class);
    }

    @Test
    void visibilityIsRefused() {
        String refused = refusal(() -> generator.schemaFor(Private.class));
        assertTrue(refused.startsWith("@JsonbVisibility on Private changes which fields and methods"), refused);
    }

    @Test
    void polymorphismIsRefusedOnTheClassAndItsSubclasses() {
        String animal = refusal(() -> generator.schemaFor(Animal.class));
        assertTrue(animal.startsWith("@JsonbTypeInfo on Animal has JSON-B read and write a type key"), animal);
        assertTrue(refusal(() -> generator.outputSchema(Kennel.class))
                .startsWith("its result (Kennel): @JsonbTypeInfo on Animal, which Dog extends, has JSON-B"));
    }

    @Test
    void namesTransientPropertiesCreatorsAndOrderStillWork() {
        JsonObject plain = generator.schemaFor(Plain.class);
        assertEquals(List.of("A", "b"), List.copyOf(plain.getJsonObject("properties").keySet()));
        JsonObject record = generator.schemaFor(PlainRecord.class);
        assertEquals(List.of("when"), List.copyOf(record.getJsonObject("properties").keySet()));
    }
}
