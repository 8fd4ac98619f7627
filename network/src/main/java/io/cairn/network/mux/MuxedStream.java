package io.cairn.network.mux;

import java.util.concurrent.CompletableFuture;

/**
 * One bidirectional byte stream of a multiplexed connection.
 *
 * <p>Threading: futures complete on the connection's event loop. Code that continues from them must not block;
 * hop to another executor (the {@code *Async} variants) for blocking work.
 *
 * <p>Back-pressure, both ways: the remote may send only as much as this side's receive window, and the window is
 * credited back only for bytes handed out by {@link #read()}, so unread data buffered here never exceeds the
 * window. {@link #write} completes only once its bytes fit the remote's window and were passed to the connection,
 * so a writer that waits for each write never queues more than one write's worth.
 */
public interface MuxedStream {
    /** The multiplexer's stream ID. */
    int id();

    /** Whether this side opened the stream. */
    boolean isInitiator();

    /**
     * The next bytes the remote sent, in order: a non-empty array, or an empty array once the remote has closed
     * its write side and everything before was read. Fails with {@link StreamResetException} when the stream was
     * reset or the connection closed. At most one read may be outstanding.
     */
    CompletableFuture<byte[]> read();

    /**
     * Sends {@code data} (the array is not kept; the caller may reuse it once this returns). Completes when all of it
     * was handed to the connection; fails with {@link StreamResetException} on reset, or {@link IllegalStateException}
     * after {@link #closeWrite()}.
     */
    CompletableFuture<Void> write(byte[] data);

    /** Half-closes: the remote reads end of stream after everything written before. Idempotent. */
    void closeWrite();

    /** Aborts both directions at once; pending and later reads and writes fail. Idempotent. */
    void reset();

    /** Completes when both directions are closed or the stream was reset; never fails. */
    CompletableFuture<Void> closeFuture();
}
