package dev.jakartamcp.schema;

/**
 * One way in which a JSON instance fails its schema.
 *
 * @param path    where in the instance: property names joined by dots, array indexes in brackets,
 *                e.g. {@code address.zip} or {@code items[2].name}; names that are not plain
 *                identifiers are quoted, e.g. {@code headers["content-type"]}; the empty string is
 *                the instance itself
 * @param keyword the JSON Schema keyword that failed, e.g. {@code minimum}
 * @param message what is wrong, worded to follow the path, e.g. {@code must be >= 1}; it never
 *                repeats the offending value
 */
public record SchemaViolation(String path, String keyword, String message) {

    /** {@code "address.zip must be >= 1"}, or just the message for the instance itself. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + " " + message;
    }
}
