package dev.jakartamcp.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A @Pattern is copied into JSON Schema's pattern (ECMA-262) only when it means there what it means to Java. */
class JavaOnlyRegexTest {

    record Code(@Pattern(regexp = "[A-Z]++-\\d{3}") String code) {
    }

    record Word(@Pattern(regexp = "\\p{L}+(?:-\\p{L}+)*") String word) {
    }

    @Test
    void javaOnlyConstructsAreNamed() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("a*+", "a possessive quantifier (*+)");
        expected.put("[a-z]++", "a possessive quantifier (++)");
        expected.put("ab?+c", "a possessive quantifier (?+)");
        expected.put("a{2,3}+", "a possessive quantifier ({2,3}+)");
        expected.put("(?>ab|a)c", "an atomic group ((?>…))");
        expected.put("(?i)abc", "inline flags ((?i))");
        expected.put("x(?i:abc)", "inline flags ((?i:…))");
        expected.put("\\Aabc", "the anchor \\A");
        expected.put("abc\\Z", "the anchor \\Z");
        expected.put("abc\\z", "the anchor \\z");
        expected.put("\\Q*.*\\E", "quoting (\\Q…\\E)");
        expected.put("\\p{javaLowerCase}+", "Java's property \\p{javaLowerCase}");
        expected.put("[\\p{IsAlphabetic}_]", "Java's property \\p{IsAlphabetic}");
        expected.put("\\P{InGreek}", "Java's property \\P{InGreek}");
        expected.put("\\p{Lower}", "Java's property \\p{Lower}");
        expected.put("\\pL+", "a property without braces (\\pL)");
        expected.put("\\h+", "the escape \\h");
        expected.put("a\\Rb", "the escape \\R");
        expected.put("\\x{1F600}", "a code point in braces (\\x{…})");
        expected.put("[a-z[0-9]]", "a class nested in a class ([…[…]…])");
        expected.put("[a-z&&[^q]]", "a class intersection (&&)");
        expected.put("[a-z&&q]", "a class intersection (&&)");
        // Java reads these as literals; ECMA-262's unicode mode (ajv, the TypeScript SDK) refuses the whole pattern
        expected.put("\\d{3}\\-\\d{4}", "the escape \\- (write - without the backslash)");
        expected.put("[\\w.\\_]+", "the escape \\_ (write _ without the backslash)");
        expected.put("\\w+\\@\\w+", "the escape \\@ (write @ without the backslash)");
        expected.put("caf\\é", "the escape \\é (write é without the backslash)");
        expected.put("a}+", "a lone } outside a class (write \\})");
        expected.put("a]", "a lone ] outside a class (write \\])");
        // Java reads these too; ECMA-262's unicode mode refuses them (checked with node's RegExp and the "u" flag)
        expected.put("[\\w-.]+", "a class escape as an end of a range ([\\w-.]; write - first or last in the class)");
        expected.put("[a-z\\d-_]+", "a class escape as an end of a range ([\\w-.]; write - first or last in the class)");
        expected.put("[\\p{L}-x]", "a class escape as an end of a range ([\\w-.]; write - first or last in the class)");
        expected.put("[a-\\d]", "a class escape as an end of a range ([a-\\d]; write - first or last in the class)");
        expected.put("\\012", "an octal escape (\\01…; write \\x or \\u)");
        expected.put("\\c1", "the escape \\c1 (in ECMA-262 a control escape takes a letter)");
        expected.put("(?=a)*b", "a quantified lookaround ((?=…)*…)");
        expected.put("(?<=a){1,}b", "a quantified lookaround ((?=…){…)");
        expected.put("(a)\\2", "a backreference to group 2, which the pattern does not have (\\2)");
        expected.put("a\\8", "a backreference to group 8, which the pattern does not have (\\8)");
        expected.put("(a)\\10", "a backreference to group 10, which the pattern does not have (\\10)");
        expected.put("\\p{all}", "Java's property \\p{all}");
        Map<String, String> found = new LinkedHashMap<>();
        expected.keySet().forEach(regex -> found.put(regex, JavaOnlyRegex.firstIn(regex).orElse(null)));
        assertEquals(expected, found);
    }

    @Test
    void whatBothReadAlikeIsNotFlagged() {
        for (String regex : List.of("[a-z]+", "\\d{3}-\\d{4}", "a{2}", "a{2,}b+?", "\\p{L}+", "\\p{Lu}\\P{Ll}", "\\p{ASCII}",
                "(?<year>\\d{4})-\\k<year>", "(?:ab)+", "(?=a)(?!b)(?<=c)(?<!d)", "[\\[\\]]+", "[*+?]+", "[a\\-z]", "\\}+", "\\++", "\\/",
                "\\\\+", "[]", "[^]", "\\cA+", "\\u00e9+", "\\x41+", "^\\w+@\\w+\\.[a-z]{2,}$",
                "[\\w-]", "[-\\w]", "[a-z-\\w]", "[\\w\\-.]", "(a)\\1", "(a)(b)\\2", "(?<n>a)\\1", "((a)(b))\\3", "(a){2}", "(?:a)*",
                "[\\d.]-x", "[a-z0-9-]", "[\\s\\S]")) {
            assertEquals(Optional.empty(), JavaOnlyRegex.firstIn(regex), regex);
        }
    }

    @Test
    void aPatternWithAJavaOnlyConstructIsRefusedNamingItAndAPortableOneIsCopied() {
        JsonSchemaGenerator generator = new JsonSchemaGenerator();
        assertEquals("@Pattern(regexp = \"[A-Z]++-\\d{3}\") uses a possessive quantifier (++), which JSON Schema's pattern"
                        + " (ECMA-262) does not have or reads otherwise; write it in the syntax both share",
                assertThrows(IllegalArgumentException.class, () -> generator.schemaFor(Code.class)).getMessage());
        JsonObject word = generator.schemaFor(Word.class).getJsonObject("properties").getJsonObject("word");
        assertEquals("^(?:\\p{L}+(?:-\\p{L}+)*)$", word.getString("pattern"));
    }
}
