/**
 * Turning bytes and file trees into UnixFS DAGs that carry the same CIDs as Kubo for the same settings: the
 * options and IPIP-499 profiles ({@link ImportOptions}, {@link ImportProfile}), the file layouts (balanced and
 * trickle, as boxo's importer builds them) and the importer that walks a file tree the way {@code ipfs add -r}
 * does. Everything streams: memory is bounded by the chunk size times the hashing window, whatever the file size.
 */
package io.cairn.core.importer;
