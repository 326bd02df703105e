package dev.spindle.state.inspect;

/** One finding of a verification, naming the file it concerns. */
public record Problem(Kind kind, String path, String message) {

    /** What was found; only some kinds are damage. */
    public enum Kind {
        /** A file a retained commit or manifest needs is absent. Damage. */
        MISSING(true),
        /** A file fails its length or checksum check, or cannot be parsed. Damage. */
        CORRUPT(true),
        /** The logs are not contiguous, or a commit has no plan. Damage. */
        GAP(true),
        /** A retained commit cannot be restored for a task. Damage. */
        UNRESTORABLE(true),
        /** A file no retained commit needs, old enough for GC to delete. Debris, not damage. */
        ORPHAN(false),
        /** A file of a batch or upload still in flight. Not damage. */
        IN_FLIGHT(false),
        /** A file whose name is not part of the checkpoint format. Left alone. */
        UNKNOWN(false);

        private final boolean damage;

        Kind(boolean damage) {
            this.damage = damage;
        }

        public boolean isDamage() {
            return damage;
        }
    }

    /** One line: {@code CORRUPT state/s0-p1/changelog/7-1-0.log: checksum mismatch}. */
    @Override
    public String toString() {
        return kind + " " + path + ": " + message;
    }
}
