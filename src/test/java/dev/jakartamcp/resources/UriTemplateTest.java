package dev.jakartamcp.resources;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UriTemplateTest {

    @Test
    void aSimpleVariableIsOneSegmentPercentDecoded() {
        UriTemplate search = new UriTemplate("docs://search/{query}");
        assertEquals(Optional.of(Map.of("query", "hello world")), search.match("docs://search/hello%20world"));
        assertEquals(Optional.of(Map.of("query", "a+b")), search.match("docs://search/a+b"), "no form decoding");
        assertEquals(Optional.of(Map.of("query", "Zürich/@")), search.match("docs://search/Z%C3%BCrich%2F%40"));
        assertEquals(Optional.of(Map.of("query", "Zürich")), search.match("docs://search/Zürich"));
        assertEquals(Optional.empty(), search.match("docs://search/a/b"), "one segment");
    }

    @Test
    void aValueThatIsNoWellFormedPercentEncodedUtf8MatchesNothing() {
        UriTemplate search = new UriTemplate("docs://search/{query}");
        assertEquals(Optional.empty(), search.match("docs://search/100%"));
        assertEquals(Optional.empty(), search.match("docs://search/%zz"));
        assertEquals(Optional.empty(), search.match("docs://search/%C3"), "a cut UTF-8 sequence");
        assertEquals(Optional.empty(), search.match("docs://search/%FF"));
    }

    @Test
    void aReservedVariableSpansSegmentsAsItStands() {
        UriTemplate file = new UriTemplate("file:///{+path}");
        assertEquals(Optional.of(Map.of("path", "a/b%20c.txt")), file.match("file:///a/b%20c.txt"));
    }

    @Test
    void whereAUriSplitsSeveralWaysEachVariableTakesTheLongestValueThatLetsTheRestMatch() {
        UriTemplate column = new UriTemplate("db://{schema}.{table}.{column}");
        assertEquals(Optional.of(Map.of("schema", "a.b", "table", "c", "column", "d")), column.match("db://a.b.c.d"));
        assertEquals(Optional.empty(), column.match("db://a.b"));
        assertEquals(Optional.empty(), column.match("db://a..b"), "no empty value");
        UriTemplate files = new UriTemplate("repo://{+path}/raw/{name}");
        assertEquals(Optional.of(Map.of("path", "a/raw/b", "name", "c")), files.match("repo://a/raw/b/raw/c"));
        assertEquals(Optional.empty(), files.match("repo://a/raw/b/c"), "a simple value holds no '/'");
        assertEquals(Optional.of(Map.of()), new UriTemplate("docs://readme").match("docs://readme"));
        assertEquals(Optional.empty(), new UriTemplate("docs://readme").match("docs://readme2"));
    }

    /**
     * What a greedy regular expression, as this class used before, makes of each URI: the same values (a line break,
     * which no URI holds, now ends a simple value as it always ended a reserved one).
     */
    @Test
    void theValuesAreThoseAGreedyRegularExpressionFinds() {
        String[] templates = {"x://{a}.{b}.{c}", "x://{+a}/{b}", "x://{a}{b}", "x://{+a}{+b}", "x://{+a}.{+b}/z", "x://{a}/{+b}.{c}", "x://p{a}q"};
        String[] alphabet = {"a", "b", ".", "/", "?", "#", "%", "2", "F", "q", "\n", "\uD83D\uDE00"};
        Random random = new Random(20261206);
        for (String template : templates) {
            UriTemplate matcher = new UriTemplate(template);
            Pattern regex = Pattern.compile(template.replace(".", "\\.").replace("?", "\\?")
                    .replaceAll("\\{\\+[a-z]}", "(.+)").replaceAll("\\{[a-z]}", Matcher.quoteReplacement("([^/?#\\n\\r\u0085\u2028\u2029]+)")));
            for (int i = 0; i < 3000; i++) {
                StringBuilder uri = new StringBuilder("x://");
                int length = random.nextInt(9);
                for (int j = 0; j < length; j++) {
                    uri.append(alphabet[random.nextInt(alphabet.length)]);
                }
                Matcher m = regex.matcher(uri);
                Optional<Map<String, String>> expected = Optional.empty();
                if (m.matches()) {
                    Map<String, String> values = new LinkedHashMap<>();
                    boolean decodable = true;
                    for (int g = 0; g < matcher.variables().size(); g++) {
                        String value = m.group(g + 1);
                        if (!template.contains("{+" + matcher.variables().get(g) + "}")) {
                            Optional<String> plain = dev.jakartamcp.schema.PercentDecoding.decoded(value);
                            decodable &= plain.isPresent();
                            value = plain.orElse(value);
                        }
                        values.put(matcher.variables().get(g), value);
                    }
                    expected = decodable ? Optional.of(values) : Optional.empty();
                }
                assertEquals(expected, matcher.match(uri.toString()), template + " against " + uri);
            }
        }
    }

    @Test
    void aLongUriThatDoesNotMatchIsRefusedAtOnceHoweverManyWaysItCouldSplit() {
        // a backtracking regular expression took seconds for three variables and about an hour for four
        String dots = "x://" + ".".repeat(2040) + "/";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(Optional.empty(), new UriTemplate("x://{a}.{b}.{c}.{d}").match(dots));
            assertEquals(Optional.empty(), new UriTemplate("x://{a}.{b}.{c}.json").match(dots));
            assertEquals(Optional.empty(), new UriTemplate("x://{+a}/{+b}/{+c}/raw").match("x://" + "/".repeat(2040)));
        });
    }

    @Test
    void unsupportedExpressionsAndRepeatedVariablesAreRefused() {
        for (String template : new String[] {"docs://search{?q}", "docs://x{/p}", "docs://{a,b}", "docs://{v*}", "docs://{v:3}",
                "docs://{", "docs://a}", "docs://{#f}",
                "file:///{name}{.ext}", "docs://{a.}", "docs://{a..b}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UriTemplate(template), template);
            assertTrue(e.getMessage().contains("only {name} and {+name}"), e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new UriTemplate("docs://{a}/{a}"));
        assertEquals("variable 'a' occurs twice in docs://{a}/{a}", twice.getMessage());
    }
}
