/**
 * Scenario files: the immutable model, loading from YAML with file, line and column in every error, command-line
 * overrides, and expansion of a scenario into its matrix of cases.
 */
package dev.ipcmark.scenario;
