package io.cairn.network.host;

import java.util.concurrent.CompletableFuture;

/**
 * A stream whose protocol has been negotiated, on a connection to a known peer. Raw reads and writes, plus the
 * uvarint-length-prefixed messages most libp2p protocols use. The back-pressure and threading rules of
 * {@link io.cairn.network.mux.MuxedStream} hold here too; at most one read (raw or message) may be outstanding.
 */
public interface P2pStream {
    String protocol();

    Connection connection();

    /** The next bytes in order; an empty array at the end of the stream. */
    CompletableFuture<byte[]> read();

    /**
     * The next length-prefixed message; {@code null} when the stream ends cleanly between messages. Fails with
     * {@link io.cairn.network.wire.FrameFormatException} for a length over {@code maxLength} (the stream is reset),
     * or {@link java.io.EOFException} when the stream ends inside a message.
     */
    CompletableFuture<byte[]> readMessage(int maxLength);

    CompletableFuture<Void> write(byte[] data);

    /** Writes the uvarint length of {@code payload}, then the payload. */
    CompletableFuture<Void> writeMessage(byte[] payload);

    void closeWrite();

    void reset();

    CompletableFuture<Void> closeFuture();
}
