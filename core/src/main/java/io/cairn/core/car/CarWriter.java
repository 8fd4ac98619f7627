package io.cairn.core.car;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Varint;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Streams a CARv1: the header {@code varint(len) {"roots": [...], "version": 1}} (canonical DAG-CBOR) is written by
 * the constructor, then each block as {@code varint(len(cid) + len(data)) cid data}, the same bytes @ipld/car's
 * {@code CarWriter} produces.
 *
 * <p>Each CID is written once: a block whose CID was already written is skipped, so the writer remembers every CID
 * it wrote (memory grows with the number of blocks). A CIDv0 and the CIDv1 of the same content are different CIDs
 * and are both written. Blocks are trusted, not re-hashed. Not thread-safe.
 */
public final class CarWriter implements Closeable, Flushable, BlockSink {
    private final OutputStream out;
    private final Set<Cid> written = new HashSet<>();
    private boolean closed;

    /** Writes the header naming {@code roots} (which may be empty, as @ipld/car allows) to {@code out}. */
    public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 16);
        byte[] header = CarHeaderCodec.encodeV1(List.copyOf(roots));
        this.out.write(Varint.encode(header.length));
        this.out.write(header);
    }

    /** Appends {@code block} unless a block with the same CID was already written. */
    public void write(Block block) throws IOException {
        if (closed) {
            throw new IOException("CarWriter is closed");
        }
        Cid cid = block.cid();
        if (!written.add(cid)) {
            return;
        }
        out.write(Varint.encode((long) cid.byteLength() + block.size()));
        out.write(cid.toBytes());
        out.write(block.data());
    }

    /** Same as {@link #write(Block)}, so a DAG builder can stream its blocks straight into a CAR. */
    @Override
    public void put(Block block) throws IOException {
        write(block);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
