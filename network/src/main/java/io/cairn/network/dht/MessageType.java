package io.cairn.network.dht;

/** The kad-dht message types with their wire numbers. */
public enum MessageType {
    PUT_VALUE(0),
    GET_VALUE(1),
    ADD_PROVIDER(2),
    GET_PROVIDERS(3),
    FIND_NODE(4),
    /** Answered for compatibility, never sent (the spec deprecates it in favour of the ping protocol). */
    PING(5);

    private final int number;

    MessageType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The type with wire number {@code n}, or {@code null} for a number this version does not know. */
    static MessageType forNumber(int n) {
        for (MessageType t : values()) {
            if (t.number == n) {
                return t;
            }
        }
        return null;
    }
}
