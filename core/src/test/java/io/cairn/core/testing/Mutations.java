package io.cairn.core.testing;

import java.util.Arrays;

/** Small edits of valid encodings, which reach far deeper into a decoder than random bytes do. */
public final class Mutations {
    private Mutations() {}

    /**
     * {@code valid} (not empty) edited at {@code at % length}: {@code kind} 0 overwrites a byte with {@code value},
     * 1 cuts the rest off, 2 inserts {@code value}, 3 flips one bit. The input array may be changed.
     */
    public static byte[] mutate(byte[] valid, int at, byte value, int kind) {
        int i = at % valid.length;
        switch (kind) {
            case 0 -> valid[i] = value;
            case 1 -> {
                return Arrays.copyOf(valid, i);
            }
            case 2 -> {
                byte[] longer = Arrays.copyOf(valid, valid.length + 1);
                System.arraycopy(valid, i, longer, i + 1, valid.length - i);
                longer[i] = value;
                return longer;
            }
            default -> valid[i] ^= (byte) (1 << (value & 7));
        }
        return valid;
    }
}
