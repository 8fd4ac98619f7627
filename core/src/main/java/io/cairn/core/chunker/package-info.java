/**
 * Chunkers: split a file's byte stream into the leaf chunks of a UnixFS DAG, at exactly the boundaries Kubo
 * chooses for the same {@code --chunker} string, so that Cairn and Kubo give a file the same CID.
 *
 * <p>{@link io.cairn.core.chunker.ChunkerSpec} parses Kubo's chunker strings ({@code size-N}, {@code rabin},
 * {@code rabin-AVG}, {@code rabin-MIN-AVG-MAX}, {@code buzhash}) and opens a {@link io.cairn.core.chunker.Chunker}
 * over an {@link java.io.InputStream}. Every chunker holds at most about twice its maximum chunk size in memory,
 * whatever the length of the stream.
 */
package io.cairn.core.chunker;
