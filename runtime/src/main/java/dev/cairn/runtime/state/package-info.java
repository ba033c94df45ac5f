/** Cairn's embedded state: one SQLite file with the dedup window, folder progress and a key/value table. */
package dev.cairn.runtime.state;
