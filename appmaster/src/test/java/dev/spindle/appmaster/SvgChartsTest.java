package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartsTest {
    @Test
    void aLineHasAPointPerValueWithTheLargestAtTheTop() {
        String svg = SvgCharts.line("Lag <records>", "records", List.of(0.0, 50.0, 100.0));
        Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(svg);
        assertTrue(points.find(), svg);
        String[] xy = points.group(1).trim().split(" ");
        assertEquals(3, xy.length);
        assertEquals("132.0", xy[0].split(",")[1], "0 sits on the x axis");
        assertEquals("22.0", xy[2].split(",")[1], "the largest value at the top of the plot");
        assertTrue(svg.contains("aria-label=\"Lag &lt;records&gt;\"") && svg.contains(">100 records<"), svg);
    }

    @Test
    void stackedBarsStackEachBatchsPhasesAndNameThemInALegend() {
        String svg = SvgCharts.stackedBars("Batch duration", "ms", List.of("plan", "execute"),
                List.of(new double[] {10, 30}, new double[] {20, 20}));
        assertEquals(4 + 2, svg.split("<rect").length - 1, "a bar per phase and batch, a square per legend entry: " + svg);
        assertTrue(svg.contains(">plan<") && svg.contains(">execute<") && svg.contains(">40 ms<"), svg);
    }

    @Test
    void noBatchYetIsSaid() {
        assertTrue(SvgCharts.line("Input rate", "records/s", List.of()).contains("no batch yet"));
    }
}
