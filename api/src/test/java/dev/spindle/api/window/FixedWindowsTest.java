package dev.spindle.api.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which windows hold a timestamp, against the spec's formula and a brute-force scan. */
class FixedWindowsTest {
    @Test
    void aSlidingMinuteEveryTenSecondsHoldsEachTimestampInTheSixWindowsOfTheSpec() {
        SlidingWindows windows = SlidingWindows.of(Duration.ofSeconds(60), Duration.ofSeconds(10));
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            long ts = random.nextLong(-100_000_000_000L, 100_000_000_000L);
            long[] expected = new long[6];
            for (int k = 0; k < 6; k++) { // url-trends: window_start = ts − floorMod(ts, 10000) − k·10000
                expected[k] = ts - Math.floorMod(ts, 10_000L) - k * 10_000L + 60_000L;
            }
            assertArrayEquals(expected, windows.endsOf(ts), "ts " + ts);
        }
    }

    @Test
    void everyWindowThatHoldsATimestampAndNoOtherForAnySizeAndSlide() {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            long slide = 1 + random.nextInt(50);
            long size = slide + random.nextInt(200);
            FixedWindows windows = random.nextInt(4) == 0 ? new TumblingWindows(size) : new SlidingWindows(size, slide);
            long ts = random.nextLong(-10_000, 10_000);
            List<Long> expected = new ArrayList<>();
            for (long start = ts + windows.slideMillis(); start >= ts - 2 * size; start--) {
                if (Math.floorMod(start, windows.slideMillis()) == 0 && start <= ts && ts < start + size) {
                    expected.add(start + size);
                }
            }
            assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), windows.endsOf(ts),
                    windows + " ts " + ts);
        }
    }

    @Test
    void aSlideLongerThanTheWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindows(10, 20));
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindows(10, 0));
    }
}
