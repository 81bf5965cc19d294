/**
 * The peer process: its entry point and echo loop, how the benchmark process launches, pins, hands off to and stops
 * it, and the control frames between the two. The data path never goes through the control link.
 */
package dev.ipcmark.peer;
