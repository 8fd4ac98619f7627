package io.cairn.network.host;

/**
 * Hears about connections as they come and go, e.g. so the DHT can add servers to its routing table once identify
 * says what they speak. Called on the connection's event loop: do not block.
 */
public interface ConnectionListener {
    /** A connection finished its upgrade; identify has not run yet. */
    default void connected(Connection connection) {
    }

    /** Identify (or a later push) told us what the peer is. */
    default void identified(Connection connection, PeerInfo info) {
    }

    /** The connection closed. */
    default void disconnected(Connection connection) {
    }
}
