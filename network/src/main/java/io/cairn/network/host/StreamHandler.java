package io.cairn.network.host;

/** Serves one protocol: called with each inbound stream that negotiated it, on the connection's event loop. */
@FunctionalInterface
public interface StreamHandler {
    void handle(P2pStream stream);
}
