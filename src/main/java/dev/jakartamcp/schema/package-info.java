/**
 * JSON Schema 2020-12 for tool and prompt inputs and outputs.
 *
 * <ul>
 * <li>{@link dev.jakartamcp.schema.JsonSchemaGenerator} describes Java types as schemas: a tool's
 *     {@code inputSchema} from its {@link dev.jakartamcp.schema.SchemaProperty SchemaProperty}s, an
 *     {@code outputSchema} from a record or a class JSON-B binds.</li>
 * <li>{@link dev.jakartamcp.schema.SchemaValidator} checks arguments against such a schema, or a
 *     hand-written 2020-12 one, and reports {@link dev.jakartamcp.schema.SchemaViolation}s such as
 *     {@code address.zip must be >= 1}. Every 2020-12 keyword is enforced or the schema is refused
 *     ({@code SchemaValidator.check} at registration, naming keyword and location); only
 *     annotations and non-keywords ({@code x-...}) are ignored. Regular expressions and subschema
 *     applications run within the budgets of {@link dev.jakartamcp.schema.SchemaLimits}, so hostile
 *     arguments end in a violation, never a hang. The class comment has the exact lists.</li>
 * <li>{@link dev.jakartamcp.schema.ArgumentBinder} turns validated arguments into Java values and
 *     results back into JSON of the described shape.</li>
 * <li>{@link dev.jakartamcp.schema.JsonNumbers} bounds the numbers a client may send for author code
 *     ({@code 1e500000000} is refused), checked where arguments and the client's answers come in.</li>
 * </ul>
 * The three agree on names ({@code @JsonbProperty}), shapes and java.time formats, so a value
 * written by the binder validates against the schema the generator made for its type.
 */
package dev.jakartamcp.schema;
