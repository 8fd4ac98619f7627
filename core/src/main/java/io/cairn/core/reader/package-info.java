/**
 * Reading UnixFS DAGs back through a {@link io.cairn.core.block.BlockSource}: files streamed from any offset
 * (seeking through the recorded block sizes, never by reading from the start), directory listings (plain and
 * HAMT-sharded), path resolution ({@code cid/a/b/c}) and a walk over every block of a DAG.
 */
package io.cairn.core.reader;
