package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.TestJson.json;
import static dev.jakartamcp.schema.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The meta-schema checks elsewhere are only worth something if the reference validator can say no. */
class ReferenceValidatorTest {

    @Test
    void metaSchemaAcceptsAValidSchema() {
        assertEquals(List.of(), ReferenceValidator.metaSchemaErrors(object(
                "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'object',"
                        + "'properties':{'a':{'$ref':'#/$defs/A'}},'$defs':{'A':{'type':'integer','minimum':1}}}")));
    }

    @Test
    void metaSchemaRejectsInvalidSchemas() {
        assertFalse(ReferenceValidator.metaSchemaErrors(object("{'type':'integr'}")).isEmpty());
        assertFalse(ReferenceValidator.metaSchemaErrors(object("{'minimum':'one'}")).isEmpty());
        assertFalse(ReferenceValidator.metaSchemaErrors(object("{'required':'name'}")).isEmpty());
        assertFalse(ReferenceValidator.metaSchemaErrors(object("{'properties':{'a':5}}")).isEmpty());
    }

    @Test
    void assertsFormats() {
        assertFalse(ReferenceValidator.errors(object("{'type':'string','format':'date'}"), json("'2024-02-30'")).isEmpty());
    }
}
