/**
 * What a run leaves on disk: the run directory and its atomic writes, latency histograms and their {@code .hlog}
 * files, {@code summary.csv}, {@code run.json} and the environment fingerprint.
 */
package dev.ipcmark.results;
