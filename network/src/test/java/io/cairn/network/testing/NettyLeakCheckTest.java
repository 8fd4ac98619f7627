package io.cairn.network.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check must catch a real leak, or every "no leak" in this module proves nothing. */
class NettyLeakCheckTest {
    @Test
    void aBufferNeverReleasedIsReported() {
        assertTrue(io.netty.util.ResourceLeakDetector.getLevel() == io.netty.util.ResourceLeakDetector.Level.PARANOID,
                "tests must run with paranoid leak detection");
        leakOne();
        AssertionError e = assertThrows(AssertionError.class, NettyLeakCheck::assertNoLeaks);
        assertTrue(e.getMessage().contains("leak"), e.getMessage());
    }

    private static void leakOne() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
        b.writeInt(42);
        // dropped without release on purpose
    }
}
