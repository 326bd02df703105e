package dev.spindle.examples.clickstream.json;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A top-level JSON object: its members in text order, repeated names included. */
public final class JsonObject {
    /** One {@code "name": value} pair; {@code name} is unescaped. */
    public record Member(String name, JsonValue value) {}

    private final List<Member> members;

    public JsonObject(List<Member> members) {
        this.members = List.copyOf(members);
    }

    public List<Member> members() {
        return members;
    }

    /** Whether two members have the same name, compared after unescaping (as UTF-16 code units). */
    public boolean hasRepeatedName() {
        Set<String> seen = new HashSet<>();
        for (Member member : members) {
            if (!seen.add(member.name())) {
                return true;
            }
        }
        return false;
    }

    /** The value of the first member named {@code name}, or null when there is none. */
    public JsonValue get(String name) {
        for (Member member : members) {
            if (member.name().equals(name)) {
                return member.value();
            }
        }
        return null;
    }
}
