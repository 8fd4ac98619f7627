package io.cairn.network.dht;

/**
 * What the sender of a {@link DhtPeer} says about its own connection to that peer. Advisory only: go and js never
 * act on it, and js never sets it.
 */
public enum ConnectionType {
    NOT_CONNECTED,
    CONNECTED,
    CAN_CONNECT,
    CANNOT_CONNECT;

    /** The type for wire number {@code n}; numbers this version does not know read as {@link #NOT_CONNECTED}. */
    static ConnectionType forNumber(int n) {
        return n >= 0 && n < values().length ? values()[n] : NOT_CONNECTED;
    }
}
