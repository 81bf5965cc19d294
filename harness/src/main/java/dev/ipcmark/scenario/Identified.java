package dev.ipcmark.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An enum constant named outside the code by a lower-case kebab id ({@code posix-mq}, {@code spin-then-yield},
 * {@code rmit}): the id appears in scenario files, case keys, CSV columns and file names; the helpers here are the one
 * way to list the ids and to find a constant by its id.
 */
public interface Identified {
    /** The external id. */
    String id();

    /** The constant of {@code type} whose id is {@code id}, if any. */
    static <E extends Enum<E> & Identified> Optional<E> byId(Class<E> type, String id) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.id().equals(id))
                .findFirst();
    }

    /**
     * The constant of {@code type} whose id is {@code id}, or an {@link IllegalArgumentException} naming {@code what}
     * and listing the ids that exist.
     */
    static <E extends Enum<E> & Identified> E require(Class<E> type, String id, String what) {
        return byId(type, id)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown " + what + " '" + id + "'; allowed: " + String.join(", ", ids(type))));
    }

    /** Every id of {@code type}, in declaration order. */
    static <E extends Enum<E> & Identified> List<String> ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Identified::id).toList();
    }
}
