package dev.spindle.appmaster;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tag;
import org.apache.hadoop.metrics2.MetricsCollector;
import org.apache.hadoop.metrics2.MetricsRecordBuilder;
import org.apache.hadoop.metrics2.MetricsSource;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.metrics2.lib.Interns;

/**
 * The job's meters as a source of Hadoop's metrics system, which publishes it over JMX as the bean
 * {@code Hadoop:service=Spindle,name=Job} (so also on the tracking server's {@code /jmx}), where
 * Hadoop users' JMX tools already look, and to any metrics2 sink the cluster configures. Each
 * measurement is one attribute: the Prometheus name, its labels' values, and the statistic, e.g.
 * {@code spindle_batch_duration_phase_total_count}.
 */
final class JmxMetrics implements MetricsSource {
    private final MeterRegistry registry;

    private JmxMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    static void register(MeterRegistry registry) {
        DefaultMetricsSystem.initialize("Spindle");
        DefaultMetricsSystem.instance().register("Job", "The Spindle job's metrics", new JmxMetrics(registry));
    }

    static void unregister() {
        DefaultMetricsSystem.shutdown();
    }

    @Override
    public void getMetrics(MetricsCollector collector, boolean all) {
        MetricsRecordBuilder record = collector.addRecord("Job").setContext("spindle");
        for (Meter meter : registry.getMeters()) {
            StringBuilder name = new StringBuilder(meter.getId().getName().replace('.', '_'));
            for (Tag tag : meter.getId().getTagsAsIterable()) {
                if (!tag.getKey().equals("spindle_job")) {
                    name.append('_').append(tag.getKey()).append('_').append(tag.getValue());
                }
            }
            String description = meter.getId().getDescription() == null ? name.toString() : meter.getId().getDescription();
            for (Measurement measurement : meter.measure()) {
                String statistic = measurement.getStatistic().getTagValueRepresentation();
                record.addGauge(Interns.info(name + "_" + statistic, description), measurement.getValue());
            }
        }
    }
}
