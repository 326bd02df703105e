package dev.spindle.appmaster;

import java.util.List;
import java.util.Locale;

/**
 * Small charts drawn on the server as inline SVG, so the tracking page needs no script and no
 * front-end build: a line of values over the last batches, and stacked bars of a batch's phases.
 * Values are given oldest first; the y axis runs from 0 to the largest value.
 */
final class SvgCharts {
    static final int WIDTH = 460;
    static final int HEIGHT = 150;
    private static final int LEFT = 24;
    private static final int TOP = 22;
    private static final int BOTTOM = 18;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"};

    private SvgCharts() {}

    /** A line chart of {@code values} (oldest first) titled {@code title}, values in {@code unit}. */
    static String line(String title, String unit, List<Double> values) {
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder svg = frame(title, unit, max, values.size());
        if (values.size() == 1) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                    x(0, 1), y(values.get(0), max), COLORS[0]));
        } else if (values.size() > 1) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(COLORS[0]).append("\" stroke-width=\"1.5\" points=\"");
            for (int i = 0; i < values.size(); i++) {
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, values.size()), y(values.get(i), max)));
            }
            svg.append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Stacked bars, one per batch (oldest first): {@code stacks.get(i)[s]} is series {@code s} of
     * batch {@code i}; {@code series} names them in the legend.
     */
    static String stackedBars(String title, String unit, List<String> series, List<double[]> stacks) {
        double max = stacks.stream().mapToDouble(stack -> java.util.Arrays.stream(stack).sum()).max().orElse(0);
        StringBuilder svg = frame(title, unit, max, stacks.size());
        double slot = (WIDTH - LEFT - 8.0) / Math.max(1, stacks.size());
        for (int i = 0; i < stacks.size(); i++) {
            double base = 0;
            for (int s = 0; s < stacks.get(i).length; s++) {
                double value = stacks.get(i)[s];
                double top = y(base + value, max);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                        LEFT + i * slot + slot * 0.1, top, Math.max(0.5, slot * 0.8), y(base, max) - top,
                        COLORS[s % COLORS.length]));
                base += value;
            }
        }
        double legendX = LEFT + 110;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"6\" width=\"8\" height=\"8\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"14\" font-size=\"10\">%s</text>", legendX, COLORS[s % COLORS.length],
                    legendX + 10, escape(series.get(s))));
            legendX += 12 + 7 * series.get(s).length();
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder frame(String title, String unit, double max, int points) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        svg.append("<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">").append(escape(title)).append("</text>");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH - 4, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        // the scale: the largest value at the top of the y axis, inside the plot so that it never clips
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>",
                LEFT + 4, TOP + 8, escape(format(max) + " " + unit)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">0</text>",
                LEFT - 4, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", LEFT,
                HEIGHT - 4, points == 0 ? "no batch yet" : "last " + points + " batches"));
        return svg;
    }

    private static double x(int index, int count) {
        return count <= 1 ? LEFT + 4 : LEFT + 4 + (WIDTH - LEFT - 12.0) * index / (count - 1);
    }

    private static double y(double value, double max) {
        double plot = HEIGHT - BOTTOM - TOP;
        return HEIGHT - BOTTOM - (max <= 0 ? 0 : plot * value / max);
    }

    static String format(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1_000);
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
