package dev.spindle.state.inspect;

import java.util.List;

/**
 * The findings of {@link CheckpointVerifier} on a whole checkpoint directory: sound when none of
 * them is damage. {@code latestCommit} is -1 for a checkpoint without commits.
 */
public record VerificationReport(long keepFrom, long latestCommit, int filesChecked, List<Problem> problems) {
    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean isSound() {
        return problems.stream().noneMatch(problem -> problem.kind().isDamage());
    }

    public List<Problem> damage() {
        return problems.stream().filter(problem -> problem.kind().isDamage()).toList();
    }
}
