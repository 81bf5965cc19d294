/**
 * Transports: one class per IPC mechanism behind {@link dev.ipcmark.transport.Transport}, registered in
 * {@link dev.ipcmark.transport.TransportKind}, plus the registry of kernel objects that must not outlive a run.
 */
package dev.ipcmark.transport;
