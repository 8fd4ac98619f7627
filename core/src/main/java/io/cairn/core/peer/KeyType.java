package io.cairn.core.peer;

/** libp2p's {@code KeyType} enum; the numbers are the protobuf values and never change. */
public enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    private final int number;

    KeyType(int number) {
        this.number = number;
    }

    /** The protobuf enum value. */
    public int number() {
        return number;
    }

    /** The type with protobuf value {@code number}. */
    public static KeyType forNumber(long number) {
        for (KeyType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        throw new KeyFormatException("unknown key type " + number);
    }
}
