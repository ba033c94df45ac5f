/** Shared test fixtures for Cairn's modules: sample records, awkward streams, a fake clock. */
package dev.cairn.testkit;
