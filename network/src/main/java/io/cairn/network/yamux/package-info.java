/**
 * Yamux ({@code /yamux/1.0.0}) as libp2p uses it: the frame codec ({@code YamuxFrameCodec}), the session state
 * machine with its streams, flow-control windows and limits, and {@link io.cairn.network.yamux.YamuxHandler}, the
 * Netty handler that exposes a connection as an {@link io.cairn.network.mux.MuxedConnection}. It owns nothing
 * below the plaintext byte stream (Noise sits under it) and nothing above the stream contract (protocol
 * negotiation belongs to the host).
 */
package io.cairn.network.yamux;
