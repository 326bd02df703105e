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

    /**
     * This history with its batches listed once, now: for work that asks for them many times
     * (each listing is a directory listing on storage) and runs while no commit is added.
     */
    default CommitHistory listedOnce() throws IOException {
        List<Long> batches = List.copyOf(batches());
        CommitHistory commits = this;
        return new CommitHistory() {
            @Override
            public List<Long> batches() {
                return batches;
            }

            @Override
            public Optional<BatchCommit> get(long batch) throws IOException {
                return commits.get(batch);
            }
        };
    }
}
