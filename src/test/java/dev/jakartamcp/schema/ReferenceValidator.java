package dev.jakartamcp.schema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * An independent JSON Schema 2020-12 implementation (networknt) to check our output against. The
 * meta-schema comes from the copy bundled in its jar; fetching remote documents is switched off.
 */
final class ReferenceValidator {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private static final Schema META_SCHEMA = REGISTRY.getSchema(SchemaLocation.of(JsonSchemaGenerator.DIALECT));

    private ReferenceValidator() {
    }

    /** Errors of {@code schema} against the 2020-12 meta-schema; empty when it is a valid schema. */
    static List<String> metaSchemaErrors(JsonObject schema) {
        return META_SCHEMA.validate(schema.toString(), InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** Errors of {@code instance} against {@code schema}, format assertions on. */
    static List<String> errors(JsonObject schema, JsonValue instance) {
        return REGISTRY.getSchema(schema.toString(), InputFormat.JSON)
                .validate(instance.toString(), InputFormat.JSON).stream().map(Error::toString).toList();
    }
}
