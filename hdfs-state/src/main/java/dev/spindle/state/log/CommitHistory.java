package dev.spindle.state.log;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Read access to the commits on storage: what restore, retention and verification work from. */
public interface CommitHistory {
    /** The batches that have a commit, ascending. */
    List<Long> batches() throws IOException;

    /** The verified commit of {@code batch}, or empty when there is none. */
    Optional<BatchCommit> get(long batch) throws IOException;
}
