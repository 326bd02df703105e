package dev.spindle.examples.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Checks 4–6 of the contract: the string fields, empty id and user, and ts; and their order. */
class ClickParserFieldsTest {

    @Test
    void shouldParseAllFieldsOfAValidClick() {
        Click click = ClickJson.parse(ClickJson.valid().text());
        assertEquals(new Click("e-000000017", "u4711", "/p/12", 1767225600123L, new BigDecimal("12.5")), click);
    }

    @Test
    void shouldIgnoreUnknownFieldsAndMemberOrder() {
        String text = "{\"amount\":1,\"z\":null,\"url\":\"/\",\"ts\":2,\"user\":\"u\",\"ID\":5,\"id\":\"e\"}";
        assertEquals(new Click("e", "u", "/", 2, BigDecimal.ONE), ClickJson.parse(text));
    }

    @Test
    void shouldNameTheFirstMissingStringField() {
        assertEquals("missing:id", ClickJson.valid().without("id").verdict());
        assertEquals("missing:user", ClickJson.valid().without("user").verdict());
        assertEquals("missing:url", ClickJson.valid().without("url").verdict());
        assertEquals("missing:id", ClickJson.verdict("{}"));
    }

    @Test
    void shouldNameTheFirstStringFieldOfAnotherType() {
        for (String notAString : new String[] {"17", "null", "true", "false", "[\"e\"]", "{\"v\":\"e\"}", "-0"}) {
            assertEquals("type:id", ClickJson.valid().with("id", notAString).verdict(), notAString);
            assertEquals("type:user", ClickJson.valid().with("user", notAString).verdict(), notAString);
            assertEquals("type:url", ClickJson.valid().with("url", notAString).verdict(), notAString);
        }
    }

    @Test
    void shouldCheckIdThenUserThenUrlWhateverTheKindOfFailure() {
        assertEquals("missing:id", ClickJson.valid().without("id").with("user", "1").verdict());
        assertEquals("type:id", ClickJson.valid().with("id", "1").without("user").without("url").verdict());
        assertEquals("missing:user", ClickJson.valid().without("user").with("url", "1").verdict());
        assertEquals("type:user", ClickJson.valid().with("user", "null").without("url").verdict());
        assertEquals("missing:id", ClickJson.valid().without("id").without("ts").with("amount", "-1").verdict());
    }

    @Test
    void shouldAcceptAnEmptyUrl() {
        assertEquals("", ClickJson.parse(ClickJson.valid().with("url", "\"\"").text()).url());
    }

    @Test
    void shouldNameAnEmptyIdBeforeAnEmptyUser() {
        assertEquals("empty:id", ClickJson.valid().with("id", "\"\"").verdict());
        assertEquals("empty:user", ClickJson.valid().with("user", "\"\"").verdict());
        assertEquals("empty:id", ClickJson.valid().with("id", "\"\"").with("user", "\"\"").verdict());
        assertEquals("ok", ClickJson.valid().with("id", "\" \"").with("user", "\"\\u0000\"").verdict());
    }

    @Test
    void shouldCheckEveryStringFieldTypeBeforeEmptiness() {
        assertEquals("missing:user", ClickJson.valid().with("id", "\"\"").without("user").verdict());
        assertEquals("type:url", ClickJson.valid().with("id", "\"\"").with("url", "5").verdict());
    }

    @Test
    void shouldCheckEmptinessBeforeTsAndAmount() {
        assertEquals("empty:user", ClickJson.valid().with("user", "\"\"").with("ts", "1.5").verdict());
        assertEquals("empty:id", ClickJson.valid().with("id", "\"\"").without("amount").verdict());
    }

    @Test
    void shouldCallAnAbsentTsMissing() {
        assertEquals("missing:ts", ClickJson.valid().without("ts").verdict());
    }

    @Test
    void shouldCallATsNotWrittenAsAnIntegerTypeTs() {
        String[] notIntegers = {"1.0", "1.5", "0.0", "-0.0", "1e3", "1E3", "1e+3", "1e-3", "0e0", "\"123\"", "null",
            "true", "[1]", "{\"v\":1}"};
        for (String text : notIntegers) {
            assertEquals("type:ts", ClickJson.valid().with("ts", text).verdict(), text);
        }
    }

    @Test
    void shouldAcceptTsFromZeroToTwoToTheFiftyThree() {
        assertEquals(0L, ClickJson.parse(ClickJson.valid().with("ts", "0").text()).ts());
        assertEquals(0L, ClickJson.parse(ClickJson.valid().with("ts", "-0").text()).ts());
        assertEquals(9007199254740992L, ClickJson.parse(ClickJson.valid().with("ts", "9007199254740992").text()).ts());
        assertEquals(9007199254740991L, ClickJson.parse(ClickJson.valid().with("ts", "9007199254740991").text()).ts());
    }

    @Test
    void shouldCallATsOutsideTheRangeRangeTs() {
        String[] outside = {"-1", "-9007199254740992", "9007199254740993", "9999999999999999", "10000000000000000",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(10_000)};
        for (String text : outside) {
            assertEquals("range:ts", ClickJson.valid().with("ts", text).verdict(), text);
        }
    }

    @Test
    void shouldCheckTsBeforeAmount() {
        assertEquals("range:ts", ClickJson.valid().with("ts", "-1").with("amount", "-1").verdict());
        assertEquals("type:ts", ClickJson.valid().with("ts", "1.0").without("amount").verdict());
        assertEquals("missing:ts", ClickJson.valid().without("ts").with("amount", "\"1\"").verdict());
    }
}
