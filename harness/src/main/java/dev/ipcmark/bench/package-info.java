/**
 * JMH benchmarks, one class per pattern, each taking the case key as its only {@code @Param}, and the runner that
 * drives JMH case by case and turns its output into results.
 */
package dev.ipcmark.bench;
