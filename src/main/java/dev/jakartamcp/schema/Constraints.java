package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.AssertFalse;
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
import java.lang.annotation.Repeatable;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns Bean Validation constraint annotations into JSON Schema keywords. */
final class Constraints {

    private Constraints() {
    }

    /** {@code @NotNull}, {@code @NotBlank} and {@code @NotEmpty} all forbid null, so the property is required. */
    static boolean requireValue(Iterable<Annotation> annotations) {
        for (Annotation a : repeatedOnes(annotations)) {
            if (a instanceof NotNull || a instanceof NotBlank || a instanceof NotEmpty) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the keywords of the constraints that apply to the schema's type; a constraint that does
     * not apply (e.g. {@code @Size} on a number, or anything on a {@code $ref}) is left out.
     */
    static void apply(Map<String, JsonValue> schema, Iterable<Annotation> annotations) {
        String type = schema.get("type") instanceof JsonString s ? s.getString() : "";
        boolean numeric = type.equals("integer") || type.equals("number");
        for (Annotation a : repeatedOnes(annotations)) {
            if (numeric) {
                applyNumeric(schema, a);
            } else if (type.equals("string")) {
                applyString(schema, a);
            } else if (type.equals("array")) {
                applySize(schema, a, "minItems", "maxItems");
            } else if (type.equals("object") && !schema.containsKey("properties")) {
                applySize(schema, a, "minProperties", "maxProperties");
            } else if (type.equals("boolean") && (a instanceof AssertTrue || a instanceof AssertFalse)) {
                schema.put("const", a instanceof AssertTrue ? JsonValue.TRUE : JsonValue.FALSE);
            }
        }
    }

    /**
     * {@code annotations}, a repeated constraint's container ({@code @Pattern.List}: two {@code @Pattern} on one
     * element) replaced by the constraints it holds, each of which applies.
     */
    static List<Annotation> repeatedOnes(Iterable<Annotation> annotations) {
        List<Annotation> all = new ArrayList<>();
        for (Annotation a : annotations) {
            Annotation[] held = held(a);
            if (held == null) {
                all.add(a);
            } else {
                all.addAll(Arrays.asList(held));
            }
        }
        return all;
    }

    /** What {@code a} holds when it is the container of a repeatable annotation, else null. */
    private static Annotation[] held(Annotation a) {
        try {
            Method value = a.annotationType().getMethod("value");
            Class<?> component = value.getReturnType().getComponentType();
            Repeatable repeatable = component == null ? null : component.getAnnotation(Repeatable.class);
            if (repeatable == null || repeatable.value() != a.annotationType()) {
                return null;
            }
            value.setAccessible(true);
            return (Annotation[]) value.invoke(a);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the constraints " + a + " holds: " + e, e);
        }
    }

    private static void applyNumeric(Map<String, JsonValue> schema, Annotation a) {
        if (a instanceof Min min) {
            lowerBound(schema, BigDecimal.valueOf(min.value()), false);
        } else if (a instanceof Max max) {
            upperBound(schema, BigDecimal.valueOf(max.value()), false);
        } else if (a instanceof DecimalMin min) {
            lowerBound(schema, new BigDecimal(min.value()), !min.inclusive());
        } else if (a instanceof DecimalMax max) {
            upperBound(schema, new BigDecimal(max.value()), !max.inclusive());
        } else if (a instanceof Positive) {
            lowerBound(schema, BigDecimal.ZERO, true);
        } else if (a instanceof PositiveOrZero) {
            lowerBound(schema, BigDecimal.ZERO, false);
        } else if (a instanceof Negative) {
            upperBound(schema, BigDecimal.ZERO, true);
        } else if (a instanceof NegativeOrZero) {
            upperBound(schema, BigDecimal.ZERO, false);
        }
    }

    private static void applyString(Map<String, JsonValue> schema, Annotation a) {
        if (a instanceof NotBlank) {
            atLeast(schema, "minLength", 1);
            // "contains a non-whitespace character"; \S is understood by ECMA-262 and Java alike
            addPattern(schema, "\\S");
        } else if (a instanceof Pattern pattern) {
            applyRegexp(schema, "@Pattern", pattern.regexp(), pattern.flags());
        } else if (a instanceof Email email) {
            schema.put("format", Jsonp.PROVIDER.createValue("email"));
            if (!email.regexp().equals(".*") || email.flags().length > 0) {
                // the address must also match it: a pattern beside the format
                applyRegexp(schema, "@Email", email.regexp(), email.flags());
            }
        } else {
            applySize(schema, a, "minLength", "maxLength");
        }
    }

    private static void applySize(Map<String, JsonValue> schema, Annotation a, String minKeyword, String maxKeyword) {
        if (a instanceof Size size) {
            if (size.min() > 0) {
                atLeast(schema, minKeyword, size.min());
            }
            if (size.max() < Integer.MAX_VALUE) {
                atMost(schema, maxKeyword, size.max());
            }
        } else if (a instanceof NotEmpty) {
            atLeast(schema, minKeyword, 1);
        }
    }

    private static void atLeast(Map<String, JsonValue> schema, String keyword, int value) {
        if (!(schema.get(keyword) instanceof JsonNumber n) || n.intValue() < value) {
            schema.put(keyword, Jsonp.PROVIDER.createValue(value));
        }
    }

    private static void atMost(Map<String, JsonValue> schema, String keyword, int value) {
        if (!(schema.get(keyword) instanceof JsonNumber n) || n.intValue() > value) {
            schema.put(keyword, Jsonp.PROVIDER.createValue(value));
        }
    }

    /** The regular expression of {@code annotation} ({@code @Pattern}, {@code @Email}) as a pattern of the schema. */
    private static void applyRegexp(Map<String, JsonValue> schema, String annotation, String regexp, Pattern.Flag[] flags) {
        if (flags.length > 0) {
            throw new IllegalArgumentException(annotation + "(regexp = \"" + regexp + "\", flags = "
                    + Arrays.stream(flags).map(Enum::name).collect(Collectors.joining(", ")) + ") has flags,"
                    + " which JSON Schema's pattern (ECMA-262) cannot carry, so clients would match without them; write"
                    + " what they do into the regexp ([A-Za-z] for CASE_INSENSITIVE, [\\s\\S] for DOTALL's .)");
        }
        JavaOnlyRegex.firstIn(regexp).ifPresent(construct -> {
            throw new IllegalArgumentException(annotation + "(regexp = \"" + regexp + "\") uses " + construct
                    + ", which JSON Schema's pattern (ECMA-262) does not have or reads otherwise; write it in the syntax"
                    + " both share");
        });
        // Bean Validation matches the whole value, JSON Schema's pattern searches: anchor it.
        addPattern(schema, "^(?:" + regexp + ")$");
    }

    private static void addPattern(Map<String, JsonValue> schema, String regex) {
        JsonValue pattern = Jsonp.PROVIDER.createValue(regex);
        if (!schema.containsKey("pattern")) {
            schema.put("pattern", pattern);
            return;
        }
        var allOf = Jsonp.PROVIDER.createArrayBuilder();
        if (schema.get("allOf") instanceof JsonArray existing) {
            existing.forEach(allOf::add);
        }
        allOf.add(Jsonp.PROVIDER.createObjectBuilder().add("pattern", pattern));
        schema.put("allOf", allOf.build());
    }

    /** Bounds {@code schema} to {@code min}..{@code max}, keeping tighter bounds it has. */
    static void within(Map<String, JsonValue> schema, BigDecimal min, BigDecimal max) {
        lowerBound(schema, min, false);
        upperBound(schema, max, false);
    }

    /** Keeps only the tighter of the existing and the new lower bound, as one keyword. */
    private static void lowerBound(Map<String, JsonValue> schema, BigDecimal value, boolean exclusive) {
        Bound current = Bound.of(schema, "minimum", "exclusiveMinimum");
        int c = current == null ? 1 : value.compareTo(current.value);
        if (c > 0 || (c == 0 && exclusive && !current.exclusive)) {
            schema.remove("minimum");
            schema.remove("exclusiveMinimum");
            schema.put(exclusive ? "exclusiveMinimum" : "minimum", number(value));
        }
    }

    private static void upperBound(Map<String, JsonValue> schema, BigDecimal value, boolean exclusive) {
        Bound current = Bound.of(schema, "maximum", "exclusiveMaximum");
        int c = current == null ? -1 : value.compareTo(current.value);
        if (c < 0 || (c == 0 && exclusive && !current.exclusive)) {
            schema.remove("maximum");
            schema.remove("exclusiveMaximum");
            schema.put(exclusive ? "exclusiveMaximum" : "maximum", number(value));
        }
    }

    private static JsonNumber number(BigDecimal value) {
        return value.scale() <= 0 && value.precision() - value.scale() < 19
                ? Jsonp.PROVIDER.createValue(value.longValueExact())
                : Jsonp.PROVIDER.createValue(value);
    }

    private record Bound(BigDecimal value, boolean exclusive) {
        static Bound of(Map<String, JsonValue> schema, String inclusiveKeyword, String exclusiveKeyword) {
            if (schema.get(inclusiveKeyword) instanceof JsonNumber n) {
                return new Bound(n.bigDecimalValue(), false);
            }
            if (schema.get(exclusiveKeyword) instanceof JsonNumber n) {
                return new Bound(n.bigDecimalValue(), true);
            }
            return null;
        }
    }
}
