package io.cairn.node.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes decoded as UTF-8 onto a {@link Writer}, for {@link CairnMain#run(String[], java.io.PrintWriter,
 * java.io.PrintWriter)} callers that only have writers: text comes through intact, other bytes become U+FFFD. A
 * sequence split across writes is kept until its end arrives; {@link #flush()} ends the input (commands flush once,
 * when they are done).
 */
final class WriterOutputStream extends OutputStream {
    private final Writer writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    WriterOutputStream(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, pending.remaining());
            pending.put(b, off, n);
            off += n;
            len -= n;
            drain(false);
        }
    }

    private void drain(boolean endOfInput) throws IOException {
        pending.flip();
        while (true) {
            boolean overflow = decoder.decode(pending, chars, endOfInput).isOverflow();
            chars.flip();
            writer.append(chars);
            chars.clear();
            if (!overflow) {
                break;
            }
        }
        pending.compact();
    }

    @Override
    public void flush() throws IOException {
        drain(true);
        decoder.reset();
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
