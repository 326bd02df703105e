package dev.spindle.examples.clickstream.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The url-trends reference on input worked out by hand from the contract. */
class UrlTrendsReferenceTest {
    private static final long T0 = 1_767_225_600_000L; // a multiple of 10 s

    @Test
    void slidingMinuteRowsWithCountriesFromTheTableAndTiesToTheSmallestCountry() {
        ClickstreamReference reference = ClickstreamReference.urlTrends(1, Map.of("a", "de", "b", "fr"));
        reference.append(0, List.of(
                click("1", "a", "/x", 1_000, "1.5"),
                click("2", "b", "/x", 12_000, "2"),
                click("3", "c", "/x", 15_000, "3"), // not in the table: --
                click("4", "a", "/y", 15_000, "4"),
                click("5", "z", "/z", 200_000, "1"))); // moves the watermark past every other window
        RunResult run = reference.runAvailableNow(5);
        List<String> expected = new ArrayList<>();
        expected.add(row(-50_000, "/x", 1, "1.5", 1, 1, "de"));
        for (long start = -40_000; start <= 0; start += 10_000) {
            // a, b and c in one window: one record per country, the tie goes to "--" (U+002D first)
            expected.add(row(start, "/x", 3, "6.5", 3, 3, "--"));
        }
        expected.add(row(10_000, "/x", 2, "5", 2, 2, "--"));
        for (long start = -40_000; start <= 10_000; start += 10_000) {
            expected.add(row(start, "/y", 1, "4", 1, 1, "de"));
        }
        assertEquals(sorted(expected), sorted(run.rows()));
        assertEquals(2, run.batchCount(), "the data batch, then the no-data batch that closes the windows");
    }

    private static byte[] click(String id, String user, String url, long offset, String amount) {
        return ("{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"url\":\"" + url + "\",\"ts\":" + (T0 + offset)
                + ",\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String row(long start, String url, long count, String sum, int users, int countries, String top) {
        return "{\"window_start\":" + (T0 + start) + ",\"window_end\":" + (T0 + start + 60_000) + ",\"url\":\"" + url
                + "\",\"count\":" + count + ",\"sum\":" + sum + ",\"users\":" + users + ",\"countries\":" + countries
                + ",\"top_country\":\"" + top + "\"}";
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }
}
