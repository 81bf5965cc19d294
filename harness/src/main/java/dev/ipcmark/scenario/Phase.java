package dev.ipcmark.scenario;

import java.time.Duration;

/**
 * A run of iterations of one kind, warm-up or measurement: how many, and how long each.
 *
 * @param iterations how many iterations
 * @param time the length of each
 */
public record Phase(int iterations, Duration time) {}
