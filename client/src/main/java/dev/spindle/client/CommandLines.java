package dev.spindle.client;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** The long-option command lines of Spindle's commands, parsed one way, with one-line usage errors. */
public final class CommandLines {
    private CommandLines() {}

    /**
     * Parses {@code args}: each of {@code flags} takes no value, each of {@code valued} one (and
     * may repeat); every one of {@code required} must be present.
     *
     * @throws UsageException naming the problem and ending with {@code usage}
     */
    public static CommandLine parse(String[] args, String usage, List<String> flags, List<String> valued,
            List<String> required) throws UsageException {
        Options options = new Options();
        flags.forEach(name -> options.addOption(Option.builder().longOpt(name).build()));
        valued.forEach(name -> options.addOption(Option.builder().longOpt(name).hasArg().build()));
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            throw new UsageException(e.getMessage() + "; usage: " + usage);
        }
        require(line, usage, required);
        return line;
    }

    /** @throws UsageException when one of {@code required} is not in {@code line} */
    static void require(CommandLine line, String usage, List<String> required) throws UsageException {
        for (String name : required) {
            if (!line.hasOption(name)) {
                throw new UsageException("missing --" + name + "; usage: " + usage);
            }
        }
    }
}
