/**
 * The results store: every run recorded in a database (an embedded SQLite file by default, PostgreSQL for a fleet), one
 * schema migrated by Flyway, with the history of a case, its change points, and runs to gate against.
 */
package dev.ipcmark.store;
