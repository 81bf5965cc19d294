/**
 * Comparing a run with a baseline: matching cases by their keys, testing each gated metric's per-iteration samples
 * for a change that is both significant and larger than its threshold, and writing the verdicts for consoles and CI
 * systems.
 */
package dev.ipcmark.gate;
