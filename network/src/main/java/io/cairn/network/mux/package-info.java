/**
 * The contract between a stream multiplexer (Yamux) and everything above it: a {@link MuxedConnection} opens and
 * accepts {@link MuxedStream}s. Nothing here knows about protocols or peers; the host layer adds those.
 */
package io.cairn.network.mux;
