package dev.spindle.runtime.coordination;

/**
 * Where a job coordinates in ZooKeeper, under {@code <root>/jobs/<job>}:
 *
 * <pre>
 * leader                               Curator LeaderLatch of the ApplicationMasters
 * epoch                                the leader epoch (decimal); its znode version fences writes
 * run                                  {@link ZkMessages.RunStatus}: RUNNING, FINISHED or FAILED, and the epoch
 * stop                                 {@link ZkMessages.StopRequest}: {@code spindle stop} asked to stop after the batch
 * executors/&lt;executor&gt;                 ephemeral {@link ZkMessages.ExecutorAnnouncement}: a live executor
 * batches/&lt;b&gt;/plan                     the assignment of batch b: per task, executor and attempt
 * batches/&lt;b&gt;/done/&lt;task&gt;/&lt;attempt&gt;    an attempt's report
 * batches/&lt;b&gt;/commit                   {@link ZkMessages.CommitNotice}: commits/&lt;b&gt; exists, executors apply it
 * </pre>
 *
 * Znodes stay small (the plan itself is {@code offsets/<b>} on HDFS). Every write of the
 * leader is a {@code multi} that checks the version of {@code epoch}, so a deposed leader's
 * writes fail atomically.
 */
public record JobZnodes(String root, String job) {

    public String base() {
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/jobs/" + job;
    }

    public String leader() {
        return base() + "/leader";
    }

    public String epoch() {
        return base() + "/epoch";
    }

    public String run() {
        return base() + "/run";
    }

    public String stop() {
        return base() + "/stop";
    }

    public String executors() {
        return base() + "/executors";
    }

    public String executor(String id) {
        return executors() + "/" + id;
    }

    public String batches() {
        return base() + "/batches";
    }

    public String batch(long batch) {
        return batches() + "/" + batch;
    }

    public String plan(long batch) {
        return batch(batch) + "/plan";
    }

    public String done(long batch) {
        return batch(batch) + "/done";
    }

    public String done(long batch, String task) {
        return done(batch) + "/" + task;
    }

    public String done(long batch, String task, String attempt) {
        return done(batch, task) + "/" + attempt;
    }

    public String commit(long batch) {
        return batch(batch) + "/commit";
    }
}
