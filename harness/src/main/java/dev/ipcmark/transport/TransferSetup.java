package dev.ipcmark.transport;

/**
 * What a transport makes before a transfer can start, and when: the set-up side of the copy-vs-map analysis. A copy
 * path connects once and pays per byte; a mapped path makes a segment once and then pays little; some make their
 * memory anew in every transfer, so their set-up is inside what the transfer measures.
 */
public sealed interface TransferSetup {
    /** A connection made once per channel; the kernel copies every payload (the copy side of copy vs map). */
    record Connection() implements TransferSetup {}

    /**
     * A shared segment made once per channel, whose price is the setup case of the same kind and size.
     *
     * @param kind the segment kind (the {@code segment} knob's value)
     * @param bytes its size
     */
    record Segment(String kind, long bytes) implements TransferSetup {}

    /**
     * Memory made anew in every transfer and measured inside it.
     *
     * @param made what is made, for a sentence: {@code "a new memory file"}
     * @param phrase how the payload gets across, for a verdict: {@code "handing over a fresh memfd"}
     */
    record EveryTransfer(String made, String phrase) implements TransferSetup {}

    /** Whether the receiver reads the payload where the sender put it (the map side of copy vs map). */
    default boolean mapped() {
        return !(this instanceof Connection);
    }
}
