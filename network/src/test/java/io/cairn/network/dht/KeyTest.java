package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.network.testing.NettyLeakCheck;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

class KeyTest {
    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    @Test
    void keyIsSha256OfTheBytes() {
        // FIPS 180-2 test vectors: SHA-256 of "" and of "abc".
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Key.of(new byte[0]).toString());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Key.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toString());
    }

    @Property
    void distanceAndPrefixAgreeWithBigIntegerXor(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b,
            @ForAll @Size(32) byte[] t) {
        Key ka = Key.fromHash(a);
        Key kb = Key.fromHash(b);
        Key kt = Key.fromHash(t);
        BigInteger x = new BigInteger(1, a).xor(new BigInteger(1, b));
        assertEquals(x, new BigInteger(1, ka.distance(kb).toBytes()));
        assertEquals(x.signum() == 0 ? 256 : 256 - x.bitLength(), ka.commonPrefixLength(kb));
        BigInteger da = new BigInteger(1, a).xor(new BigInteger(1, t));
        BigInteger db = new BigInteger(1, b).xor(new BigInteger(1, t));
        assertEquals(Integer.signum(da.compareTo(db)), Integer.signum(Key.compareDistance(kt, ka, kb)));
        assertEquals(Integer.signum(new BigInteger(1, a).compareTo(new BigInteger(1, b))),
                Integer.signum(ka.compareTo(kb)));
        for (int i = 0; i < 256; i += 37) {
            assertEquals(new BigInteger(1, a).testBit(255 - i), ka.bit(i));
        }
    }
}
