package dev.spindle.examples.urltrends;

import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.table.StaticTable;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.SlidingWindows;
import dev.spindle.examples.clickstream.ClickInputKey;
import dev.spindle.examples.clickstream.ClickParser;
import dev.spindle.examples.clickstream.ClickstreamJob;
import java.time.Duration;

/**
 * The reference workload {@code url-trends} ({@code shared/spec/url-trends-and-sessions.md}): the
 * clickstream input, parsed, late-checked and deduplicated exactly as {@code clickstream} does, each
 * click joined with the users table for its country, then shuffled by url into sliding windows of
 * 60 s every 10 s: per (window, url) the count, the exact sum of {@code amount}, the distinct users
 * and countries, and the most frequent country.
 */
public final class UrlTrendsJob implements JobFactory {
    public static final String NAME = "url-trends";
    /** {@code spindle.job.users-table}: the users table's file (required). */
    public static final StaticTable USERS = StaticTable.keyValue("users", "spindle.job.users-table", "user,country");
    static final Duration SIZE = Duration.ofSeconds(60);
    static final Duration SLIDE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamJob create() {
        return StreamJob.named(NAME)
                .readKafka(ClickstreamJob.DEFAULT_TOPIC)
                .parse(new ClickParser())
                .joinTable(USERS, click -> click.user(), (click, country) -> new CountryClick(click,
                        country == null ? CountryClick.UNKNOWN_COUNTRY : country))
                .withEventTime(visit -> visit.click().ts())
                .withWatermark(ClickstreamJob.WATERMARK_DELAY)
                .dropDuplicates(visit -> ClickstreamJob.dedupKey(visit.click()), ClickstreamJob.DEDUP_TTL)
                .keyBy(visit -> visit.click().url(), new CountryClickCodec())
                .window(SlidingWindows.of(SIZE, SLIDE))
                .aggregate(Aggregates.<CountryClick>combine(
                        Aggregates.named("count", Aggregates.count()),
                        Aggregates.named("sum", Aggregates.sum(visit -> visit.click().amount())),
                        Aggregates.named("users", Aggregates.countDistinct(visit -> visit.click().user())),
                        Aggregates.named("countries", Aggregates.countDistinct(CountryClick::country)),
                        Aggregates.named("top_country", Aggregates.mostFrequent(CountryClick::country))))
                .writeLines(new UrlTrendsRows());
    }

    /** Lines are keyed by their {@code user}, as for {@code clickstream} ({@link ClickInputKey}). */
    @Override
    public byte[] inputKey(byte[] line) {
        return ClickInputKey.of(line);
    }
}
