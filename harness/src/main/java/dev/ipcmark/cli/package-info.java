/** The command line: {@code ipcmark run | list | env | clean}, one class per command, and the exit codes. */
package dev.ipcmark.cli;
