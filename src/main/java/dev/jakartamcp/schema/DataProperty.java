package dev.jakartamcp.schema;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One property of a record or a bean as it appears in JSON.
 *
 * @param jsonName    the name in JSON (honours {@code @JsonbProperty})
 * @param type        the generic type with the owner's type variables substituted
 * @param annotations declaration and type-use annotations from every place Java puts them
 * @param required    whether the schema lists it as required before constraints are considered
 * @param accessor    the record accessor; null for bean properties (beans go through JSON-B)
 */
record DataProperty(String jsonName, Type type, List<Annotation> annotations, boolean required, Method accessor) {
}
