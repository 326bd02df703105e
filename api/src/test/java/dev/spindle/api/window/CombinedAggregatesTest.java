package dev.spindle.api.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.api.Aggregate;
import dev.spindle.api.MergeableAggregate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ready-made aggregates against brute force over random values: added one by one through
 * their state encoding, and merged from two random halves in either order, they give what a
 * direct computation over all the values gives.
 */
class CombinedAggregatesTest {
    record Sale(String user, String country, BigDecimal amount) {}

    private static final Aggregate<Sale, Object[], AggregateRow> ROW = Aggregates.combine(
            Aggregates.named("count", Aggregates.count()),
            Aggregates.named("sum", Aggregates.sum(Sale::amount)),
            Aggregates.named("min", Aggregates.min(Sale::amount)),
            Aggregates.named("max", Aggregates.max(Sale::amount)),
            Aggregates.named("avg", Aggregates.average(Sale::amount)),
            Aggregates.named("users", Aggregates.countDistinct(Sale::user)),
            Aggregates.named("top_country", Aggregates.mostFrequent(Sale::country)),
            Aggregates.named("biggest_spender", Aggregates.argMax(Sale::user, Sale::amount)));

    @Test
    void everyAggregateAgreesWithBruteForceThroughEncodingAndMerging() {
        Random random = new Random(17);
        // Lone surrogates and characters above the BMP: code point order differs from String.compareTo.
        String[] names = {"de", "fr", "--", "\uD83D\uDE00", "\uFFFD", "\uDC00", "a", "b", ""};
        for (int round = 0; round < 500; round++) {
            List<Sale> sales = new ArrayList<>();
            for (int i = 1 + random.nextInt(40); i > 0; i--) {
                sales.add(new Sale(names[random.nextInt(names.length)], names[random.nextInt(4 + round % 5)],
                        BigDecimal.valueOf(random.nextInt(2000) - 1000, random.nextInt(3))));
            }
            AggregateRow expected = bruteForce(sales);
            assertEquals(expected, ROW.result(addAll(sales)), "added " + sales);
            int cut = random.nextInt(sales.size() + 1);
            Object[] first = addAll(sales.subList(0, cut));
            Object[] second = addAll(sales.subList(cut, sales.size()));
            MergeableAggregate<Sale, Object[], AggregateRow> mergeable = assertInstanceOf(MergeableAggregate.class, ROW);
            assertEquals(expected, mergeable.result(mergeable.merge(first, second)), "merged at " + cut + ": " + sales);
            first = addAll(sales.subList(0, cut));
            second = addAll(sales.subList(cut, sales.size()));
            assertEquals(expected, mergeable.result(mergeable.merge(second, first)), "merged the other way");
        }
    }

    /** Adds the values one by one, through the encoding between each (as batches would). */
    private static Object[] addAll(List<Sale> sales) {
        byte[] stored = ROW.encode(ROW.zero());
        for (Sale sale : sales) {
            stored = ROW.encode(ROW.add(ROW.decode(stored), sale));
        }
        return ROW.decode(stored);
    }

    private static AggregateRow bruteForce(List<Sale> sales) {
        BigDecimal sum = BigDecimal.ZERO;
        Map<String, Long> countries = new HashMap<>();
        for (Sale sale : sales) {
            sum = sum.add(sale.amount());
            countries.merge(sale.country(), 1L, Long::sum);
        }
        BigDecimal min = sales.stream().map(Sale::amount).min(BigDecimal::compareTo).orElse(null);
        BigDecimal max = sales.stream().map(Sale::amount).max(BigDecimal::compareTo).orElse(null);
        long topCount = Collections.max(countries.values());
        String top = countries.keySet().stream().filter(c -> countries.get(c) == topCount)
                .min(CombinedAggregatesTest::byCodePoints).orElseThrow();
        String spender = sales.stream().filter(s -> s.amount().compareTo(max) == 0).map(Sale::user)
                .min(CombinedAggregatesTest::byCodePoints).orElseThrow();
        BigDecimal average;
        try {
            average = sum.divide(BigDecimal.valueOf(sales.size()));
        } catch (ArithmeticException nonTerminating) {
            average = sum.divide(BigDecimal.valueOf(sales.size()), java.math.MathContext.DECIMAL128);
        }
        List<Object> values = new ArrayList<>(List.of((long) sales.size(), sum));
        values.add(smallestScale(sales, min));
        values.add(smallestScale(sales, max));
        values.add(average);
        values.add((long) new HashSet<>(sales.stream().map(Sale::user).toList()).size());
        values.add(top);
        values.add(spender);
        return new AggregateRow(List.of("count", "sum", "min", "max", "avg", "users", "top_country",
                "biggest_spender"), values);
    }

    /** Of the values equal to {@code extreme}, the one with the smallest scale. */
    private static BigDecimal smallestScale(List<Sale> sales, BigDecimal extreme) {
        return sales.stream().map(Sale::amount).filter(a -> a.compareTo(extreme) == 0)
                .min((a, b) -> Integer.compare(a.scale(), b.scale())).orElseThrow();
    }

    private static int byCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    @Test
    void aCombinationWithAPartThatCannotMergeIsNotMergeableAndNamesMustDiffer() {
        Aggregate<Sale, Long, Long> plain = new Aggregate<>() {
            public Long zero() { return 0L; }
            public Long add(Long acc, Sale value) { return acc + 1; }
            public Long result(Long acc) { return acc; }
            public byte[] encode(Long acc) { return new byte[] {acc.byteValue()}; }
            public Long decode(byte[] bytes) { return (long) bytes[0]; }
        };
        assertFalse(Aggregates.combine(Aggregates.named("n", plain)) instanceof MergeableAggregate);
        assertThrows(IllegalArgumentException.class, () -> Aggregates.combine(
                Aggregates.named("n", plain), Aggregates.named("n", Aggregates.<Sale>count())));
    }
}
