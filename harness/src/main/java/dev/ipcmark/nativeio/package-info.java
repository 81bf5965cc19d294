/**
 * The only door from ipcmark to libc: FFM downcalls, errno capture and struct layouts. Every native failure
 * becomes a {@link dev.ipcmark.nativeio.NativeException} naming the call, its argument and the errno text.
 */
package dev.ipcmark.nativeio;
