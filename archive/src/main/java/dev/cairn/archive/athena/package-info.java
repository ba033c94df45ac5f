/** The Athena table definition of an archive in S3, with partition projection ({@link dev.cairn.archive.athena.AthenaDdl}). */
package dev.cairn.archive.athena;
