package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The first touch of every page of a new mapping, and the check from a second mapping that it is the same memory: what
 * the set-up cycles of shared segments and memory files measure as "touch" and "peer-map".
 */
final class Pages {
    private static final long PAGE = 4096;

    private Pages() {}

    /** Writes one byte per page of the first {@code bytes} of {@code mapping}: the page faults that allocate them. */
    static void touch(MemorySegment mapping, long bytes) {
        for (long page = 0; page < bytes; page += PAGE) {
            mapping.set(ValueLayout.JAVA_BYTE, page, (byte) 1);
        }
    }

    /** Reads one byte per page of another mapping of the same memory; throws unless each is one {@link #touch} wrote. */
    static void checkTouched(MemorySegment otherMapping, long bytes) {
        long sum = 0;
        for (long page = 0; page < bytes; page += PAGE) {
            sum += otherMapping.get(ValueLayout.JAVA_BYTE, page);
        }
        long pages = (bytes + PAGE - 1) / PAGE;
        if (sum != pages) {
            throw new TransportException("the second mapping saw " + sum + " touched pages, expected " + pages
                    + ": it is not the same memory");
        }
    }
}
