package com.example.pagecounts;

import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.TumblingWindows;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code page-counts}: how many clicks each page got per minute of event time. The clicks are keyed
 * by user in Kafka, so counting per page moves them between tasks ({@code keyBy}, a shuffle).
 */
public final class PageCountsJob implements JobFactory {
    @Override
    public String name() {
        return "page-counts";                                   // --job page-counts
    }

    @Override
    public StreamJob create() {
        return StreamJob.named("page-counts")
                .readKafka("clicks")                            // default topic; --topic overrides
                .parse(new PageViewParser())                    // malformed lines go to the dead letters
                .withEventTime(PageView::ts)
                .withWatermark(Duration.ofSeconds(5))
                .keyBy(PageView::url, PageView.CODEC)
                .window(TumblingWindows.of(Duration.ofMinutes(1)))
                .aggregate(Aggregates.count())
                .writeLines(row -> "{\"window_start\":\"" + Instant.ofEpochMilli(row.windowStart())
                        + "\",\"url\":\"" + row.key() + "\",\"clicks\":" + row.value() + "}");
    }
}
