package dev.spindle.client;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.inspect.CheckpointListing;
import dev.spindle.state.inspect.CheckpointVerifier;
import dev.spindle.state.inspect.CommitSummary;
import dev.spindle.state.inspect.Problem;
import dev.spindle.state.inspect.VerificationReport;
import dev.spindle.state.io.CheckpointInUseException;
import dev.spindle.state.retention.GarbageCollector;
import dev.spindle.state.retention.GcReport;
import dev.spindle.state.retention.RetentionSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * {@code spindle checkpoint ls|verify|gc DIR}: look into, check and clean a checkpoint directory.
 *
 * <ul>
 *   <li>{@code ls DIR [--json]}: one line per committed batch with, per task, the bytes written for
 *       it and the bytes a restore at it needs;
 *   <li>{@code verify DIR}: one line per finding, naming the file; exit 0 when sound, 4 when damaged;
 *   <li>{@code gc DIR [--dry-run] [--force-offline]}: deletes what no retained commit needs; refused
 *       (exit 3) while a live job holds the checkpoint, or when that cannot be told, unless
 *       {@code --force-offline}.
 * </ul>
 *
 * A directory that is no checkpoint is refused (exit 2) before anything is read or written.
 */
final class CheckpointCommand {
    static final String USAGE = "spindle checkpoint ls DIR [--json] | verify DIR | gc DIR [--dry-run] [--force-offline]"
            + " [--conf key=value]...";

    private final PrintStream out;
    private final PrintStream err;

    CheckpointCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        String verb = args.length == 0 ? "" : args[0];
        try {
            CommandLine line = parse(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
            if (line.getArgList().size() != 1) {
                throw new UsageException("usage: " + USAGE);
            }
            Configuration conf = CliConfiguration.load(List.of(line.getOptionValues("conf") == null
                    ? new String[0] : line.getOptionValues("conf")));
            URI dir = new Path(line.getArgList().get(0)).toUri();
            return switch (verb) {
                case "ls" -> list(dir, conf, line.hasOption("json"));
                case "verify" -> verify(dir, conf);
                case "gc" -> gc(dir, conf, line.hasOption("dry-run"), line.hasOption("force-offline"));
                default -> throw new UsageException(verb.isEmpty() ? "usage: " + USAGE
                        : "unknown checkpoint command '" + verb + "'; usage: " + USAGE);
            };
        } catch (UsageException | IllegalArgumentException e) {
            err.println("spindle checkpoint" + (e instanceof NotACheckpointException ? " " + verb : "") + ": "
                    + e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            err.println("spindle checkpoint " + verb + ": " + e.getMessage());
            return ExitCode.FAILED;
        }
    }

    private static CommandLine parse(String[] args) throws UsageException {
        Options options = new Options()
                .addOption(null, "json", false, "ls: one JSON object per line")
                .addOption(null, "dry-run", false, "gc: report, delete nothing")
                .addOption(null, "force-offline", false, "gc: run even when no job's liveness can be told")
                .addOption(Option.builder().longOpt("conf").hasArg().desc("key=value").build());
        try {
            return new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            throw new UsageException(e.getMessage() + "; usage: " + USAGE);
        }
    }

    private int list(URI dir, Configuration conf, boolean json) throws IOException, UsageException {
        try (Checkpoint checkpoint = openExisting(dir, conf)) {
            for (CommitSummary summary : new CheckpointListing(checkpoint).list()) {
                if (json) {
                    out.println(summary.toJson());
                } else {
                    for (CommitSummary.TaskUsage task : summary.tasks()) {
                        out.printf("batch %d  epoch %d  task %s  uploaded %d B  referenced %d B%n", summary.batch(),
                                summary.epoch(), task.task(), task.bytesUploaded(), task.bytesReferenced());
                    }
                }
            }
            return ExitCode.OK;
        }
    }

    private int verify(URI dir, Configuration conf) throws IOException, UsageException {
        try (Checkpoint checkpoint = openExisting(dir, conf)) {
            VerificationReport report = new CheckpointVerifier(checkpoint, RetentionSettings.read(conf::get),
                    Clock.systemUTC()).verify();
            for (Problem problem : report.problems()) {
                out.println(problem);
            }
            String range = report.latestCommit() < 0 ? "no commits"
                    : "commits " + report.keepFrom() + ".." + report.latestCommit() + " retained";
            if (report.isSound()) {
                out.printf("checkpoint %s is sound: %s, %d files checked%n", checkpoint.fs().root(), range,
                        report.filesChecked());
                return ExitCode.OK;
            }
            out.printf("checkpoint %s is damaged: %d problems (%s)%n", checkpoint.fs().root(), report.damage().size(), range);
            return ExitCode.DAMAGED;
        }
    }

    private int gc(URI dir, Configuration conf, boolean dryRun, boolean forceOffline) throws IOException, UsageException {
        RetentionSettings settings = RetentionSettings.read(conf::get);
        try (Checkpoint checkpoint = openForGc(dir, conf)) {
            if (checkpoint.fs().hasAtomicNoOverwriteRename() && !forceOffline) {
                Optional<String> holder = LiveJobCheck.holder(checkpoint, conf);
                if (holder.isPresent()) {
                    err.println("spindle checkpoint gc: refused: " + holder.get()
                            + (holder.get().startsWith("cannot tell") ? "; pass --force-offline if no job runs on it" : ""));
                    return ExitCode.REFUSED;
                }
            }
            GcReport report = new GarbageCollector(checkpoint, settings, Clock.systemUTC())
                    .collect(OptionalLong.empty(), dryRun);
            for (String path : report.deleted()) {
                out.println((dryRun ? "would delete " : "deleted ") + path);
            }
            out.printf("gc %s: %s %d files; commits %d..%d retained%n", checkpoint.fs().root(),
                    dryRun ? "would delete" : "deleted", report.deleted().size(), report.keepFrom(), report.latest());
            return ExitCode.OK;
        } catch (CheckpointInUseException e) {
            err.println("spindle checkpoint gc: refused: " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }

    /**
     * For gc: on file:// the run's lock proves no live run holds the checkpoint. Taken only on a
     * directory that is a checkpoint: gc never writes a lock file anywhere else.
     */
    private static Checkpoint openForGc(URI dir, Configuration conf) throws IOException, UsageException {
        Checkpoint probe = openExisting(dir, conf);
        if (probe.fs().hasAtomicNoOverwriteRename()) {
            return probe;
        }
        probe.close();
        return Checkpoint.open(dir, conf);
    }

    private static Checkpoint openExisting(URI dir, Configuration conf) throws IOException, UsageException {
        Checkpoint checkpoint = Checkpoint.openForReading(dir, conf);
        refuseUnlessOwnerOrSuperuser(checkpoint);
        if (!checkpoint.exists()) {
            throw new NotACheckpointException(checkpoint.fs().root() + " is not a Spindle checkpoint: it has no metadata,"
                    + " offsets/ or commits/");
        }
        return checkpoint;
    }

    /**
     * The checkpoint directory exists, and the tools act on it for its owner or a superuser only (the owner of the file
     * system's root, or a member of {@code dfs.permissions.superusergroup}): a checkpoint holds a
     * job's state and output, and gc deletes from it. On HDFS the checkpoint's mode (0700) would
     * stop anyone else anyway, with an access error this turns into one line saying whose it is.
     */
    private static void refuseUnlessOwnerOrSuperuser(Checkpoint checkpoint) throws IOException, UsageException {
        FileSystem fs = checkpoint.fs().fileSystem();
        UserGroupInformation user = UserGroupInformation.getCurrentUser();
        String name = user.getShortUserName();
        String owner;
        try {
            owner = fs.getFileStatus(checkpoint.fs().root()).getOwner();
        } catch (java.io.FileNotFoundException e) {
            throw new NotACheckpointException("no checkpoint at " + checkpoint.fs().root() + ": the directory does not exist");
        } catch (org.apache.hadoop.security.AccessControlException e) {
            throw new UsageException(checkpoint.fs().root() + " cannot be read by " + name
                    + ": the checkpoint tools act for its owner or a superuser only");
        }
        if (name.equals(owner) || name.equals(fs.getFileStatus(new Path("/")).getOwner())
                || Arrays.asList(user.getGroupNames()).contains(fs.getConf().get("dfs.permissions.superusergroup",
                        "supergroup"))) {
            return;
        }
        throw new UsageException(checkpoint.fs().root() + " belongs to " + owner + ", not to " + name
                + ": the checkpoint tools act for its owner or a superuser only");
    }

    /** The directory given is no checkpoint: bad usage, refused before anything is written. */
    private static final class NotACheckpointException extends UsageException {
        private static final long serialVersionUID = 1L;

        NotACheckpointException(String message) {
            super(message);
        }
    }
}
