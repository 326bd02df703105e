package dev.spindle.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * What a run wrote to its output directory, for comparing runs: every line of every rows and
 * dead-letter file, as {@code relative-path line}, files in name order.
 */
final class JobOutputs {
    private JobOutputs() {}

    /** The output of a run on a Hadoop file system. */
    static List<String> onHdfs(FileSystem fs, org.apache.hadoop.fs.Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String folder : List.of("", "_dlq/")) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(output, folder.isEmpty() ? "." : folder);
            if (!fs.exists(path)) {
                continue;
            }
            for (FileStatus file : Stream.of(fs.listStatus(path)).filter(FileStatus::isFile)
                    .filter(file -> !file.getPath().getName().startsWith(".")).sorted().toList()) {
                try (var in = fs.open(file.getPath())) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .forEach(line -> lines.add(folder + file.getPath().getName() + " " + line));
                }
            }
        }
        return lines;
    }

    /** The output of a local-mode run. */
    static List<String> local(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String folder : List.of("", "_dlq/")) {
            Path path = output.resolve(folder.isEmpty() ? "." : folder);
            if (!Files.isDirectory(path)) {
                continue;
            }
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList()) {
                    Files.readAllLines(file).forEach(line -> lines.add(folder + file.getFileName() + " " + line));
                }
            }
        }
        return lines;
    }
}
