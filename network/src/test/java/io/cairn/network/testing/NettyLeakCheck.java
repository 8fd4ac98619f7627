package io.cairn.network.testing;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test when Netty reported a leaked buffer. A leak is only noticed after the garbage collector has
 * collected the unreleased buffer and a later allocation polls the detector's queue, so this collects garbage and
 * allocates a few buffers before looking. jqwik containers call {@link #assertNoLeaks()} from an
 * {@code @AfterContainer}; Jupiter classes get it from {@link NettyLeakCheckExtension} automatically.
 */
public final class NettyLeakCheck {
    private NettyLeakCheck() {
    }

    public static void assertNoLeaks() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (int i = 0; i < 8; i++) {
                PooledByteBufAllocator.DEFAULT.buffer(1).release();
                UnpooledByteBufAllocator.DEFAULT.buffer(1).release();
                PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            }
        }
        List<String> reports = new ArrayList<>();
        for (String r; (r = RecordingLeakDetector.REPORTS.poll()) != null; ) {
            reports.add(r);
        }
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " ByteBuf leak(s) reported by Netty:\n" + String.join("\n", reports));
        }
    }

}
