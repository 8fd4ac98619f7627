package io.cairn.core.car;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockVerificationException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.multiformats.MultihashFormatException;
import io.cairn.core.multiformats.Varint;
import io.cairn.core.multiformats.VarintFormatException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the blocks of a CARv1, or of the CARv1 payload inside a CARv2, one section at a time; memory use is one
 * block (at most {@link Options#maxSectionSize()}), never the whole file.
 *
 * <p>{@link #open} reads and validates the header; {@link #next()} returns each block in file order, verified
 * against its CID, and {@code null} at a clean end. Every malformed input raises {@link CarFormatException}: a bad
 * header, a stream that ends inside a section, a section longer than the limit (rejected before anything is
 * allocated for it), a malformed CID, or data that does not hash to its CID (the message names the CID). Errors of
 * the underlying stream stay {@link IOException}. After any exception the reader is unusable.
 *
 * <p>Choices where the CARv1 spec leaves questions open, following go-car and @ipld/car:
 * <ul>
 *   <li>An empty {@code roots} array is accepted, as @ipld/car and go-car's {@code BlockReader} do (go-car's older
 *       {@code CarReader} refuses it). A missing {@code roots} key is an error.</li>
 *   <li>A CAR with a header and no blocks is accepted.</li>
 *   <li>A zero-length section is an error, as in go-car and @ipld/car; {@link Options#zeroLengthSectionAsEnd()}
 *       instead treats it as the end of the CAR, like go-car's {@code ZeroLengthSectionAsEOF} option for files
 *       padded with zeros.</li>
 *   <li>Duplicate blocks are returned as often as they appear; both CID versions are accepted.</li>
 *   <li>Blocks whose multihash function Cairn does not accept (see {@link io.cairn.core.multiformats.Multihash#requireAllowed()})
 *       are errors, since they cannot be verified.</li>
 * </ul>
 *
 * <p>A CARv2 is recognised by its 11-byte pragma. The reader skips to the data offset, reads the inner CARv1 (whose
 * header must say version 1), and stops at data offset + data size without reading the index. Not thread-safe.
 */
public final class CarReader implements Closeable, Iterable<Block> {
    /** Limits and lenience of a reader. */
    public record Options(int maxHeaderSize, int maxSectionSize, boolean zeroLengthSectionAsEnd) {
        /** go-car's defaults: headers up to 32 MiB, sections up to 8 MiB; zero-length sections are errors. */
        public static final Options DEFAULT = new Options(32 << 20, 8 << 20, false);

        public Options {
            if (maxHeaderSize <= 0 || maxSectionSize <= 0) {
                throw new IllegalArgumentException("CAR size limits must be positive");
            }
        }

        public Options withMaxHeaderSize(int bytes) {
            return new Options(bytes, maxSectionSize, zeroLengthSectionAsEnd);
        }

        public Options withMaxSectionSize(int bytes) {
            return new Options(maxHeaderSize, bytes, zeroLengthSectionAsEnd);
        }

        public Options withZeroLengthSectionAsEnd(boolean asEnd) {
            return new Options(maxHeaderSize, maxSectionSize, asEnd);
        }
    }

    /** Arrays up to this size are allocated at once; larger reads grow with the bytes that actually arrive. */
    private static final int EAGER_ALLOCATION = 1 << 20;
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final InputStream in;
    private final Options options;
    private final int version;
    private final List<Cid> roots;
    /** Stream offset where the CARv1 payload ends: the end of a CARv2's data payload, or NO_LIMIT for a CARv1. */
    private long limit = NO_LIMIT;
    /** Bytes consumed from the start of the stream; error messages report offsets from it. */
    private long position;
    private boolean finished;
    private boolean failed;
    private boolean iterated;

    private CarReader(InputStream in, Options options) throws IOException {
        this.in = in;
        this.options = options;
        CarHeaderCodec.Header header = readHeader("CAR header");
        if (header.version() == 1) {
            this.version = 1;
            this.roots = requireRoots(header, "CARv1 header");
        } else if (header.version() == 2) {
            // With canonical decoding, a header whose only key is version 2 is byte for byte the CARv2 pragma.
            if (header.roots() != null) {
                throw new CarFormatException("CARv2 pragma must have no roots");
            }
            this.version = 2;
            CarV2Header v2 = CarV2Header.parse(readExactly(CarV2Header.LENGTH, "CARv2 header"));
            skip(v2.dataOffset() - position, "padding before the CARv2 data payload");
            limit = v2.dataEnd();
            CarHeaderCodec.Header inner = readHeader("CARv2 payload's CARv1 header");
            if (inner.version() != 1) {
                throw new CarFormatException("CARv2 data payload must be a CARv1, found version " + inner.version());
            }
            this.roots = requireRoots(inner, "CARv2 payload's CARv1 header");
        } else {
            throw new CarFormatException("unsupported CAR version " + header.version());
        }
    }

    /** Reads and validates the header with {@link Options#DEFAULT}. */
    public static CarReader open(InputStream in) throws IOException {
        return open(in, Options.DEFAULT);
    }

    /**
     * Reads and validates the header of a CARv1 or CARv2. The reader owns {@code in} from here on: closing the
     * reader closes it, and so does a failure of this method.
     */
    public static CarReader open(InputStream in, Options options) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        try {
            return new CarReader(buffered, options);
        } catch (IOException | RuntimeException e) {
            try {
                buffered.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** 1 for a CARv1, 2 for a CARv2 (whose payload is always a CARv1). */
    public int version() {
        return version;
    }

    /** The roots named by the (inner) CARv1 header, possibly empty; unmodifiable. */
    public List<Cid> roots() {
        return roots;
    }

    /** The next block, verified against its CID, or {@code null} once the CAR ends cleanly. */
    public Block next() throws IOException {
        if (failed) {
            throw new IllegalStateException("CarReader already failed");
        }
        if (finished) {
            return null;
        }
        try {
            Block block = readSection();
            finished = block == null;
            return block;
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Iterates the remaining blocks once; an {@link IOException} surfaces as {@link UncheckedIOException}, format
     * errors as {@link CarFormatException}.
     */
    @Override
    public Iterator<Block> iterator() {
        if (iterated) {
            throw new IllegalStateException("a CarReader can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            private Block pending;
            private boolean fetched;

            @Override
            public boolean hasNext() {
                if (!fetched) {
                    try {
                        pending = CarReader.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    fetched = true;
                }
                return pending != null;
            }

            @Override
            public Block next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                fetched = false;
                Block block = pending;
                pending = null;
                return block;
            }
        };
    }

    @Override
    public void close() throws IOException {
        finished = true;
        in.close();
    }

    private static List<Cid> requireRoots(CarHeaderCodec.Header header, String where) {
        if (header.roots() == null) {
            throw new CarFormatException(where + " has no roots");
        }
        return header.roots();
    }

    private CarHeaderCodec.Header readHeader(String what) throws IOException {
        long start = position;
        long length = readLengthPrefix(what);
        if (length < 0) {
            throw new CarFormatException(start == 0 ? "empty stream: no CAR header" : what + " is missing");
        }
        if (length == 0) {
            throw new CarFormatException(what + " has zero length");
        }
        if (length > options.maxHeaderSize()) {
            throw new CarFormatException(what + " of " + length + " bytes exceeds the limit of "
                    + options.maxHeaderSize());
        }
        requireWithinLimit(length, what);
        return CarHeaderCodec.decode(readExactly((int) length, what));
    }

    /** One section: {@code varint(len) CID data}, or null at a clean end. */
    private Block readSection() throws IOException {
        if (position == limit) {
            return null;
        }
        long start = position;
        long length = readLengthPrefix("section length at offset " + start);
        if (length < 0) {
            return null;
        }
        if (length == 0) {
            if (options.zeroLengthSectionAsEnd()) {
                return null;
            }
            throw new CarFormatException("zero-length section at offset " + start);
        }
        if (length > options.maxSectionSize()) {
            throw new CarFormatException("section at offset " + start + " of " + length
                    + " bytes exceeds the limit of " + options.maxSectionSize());
        }
        requireWithinLimit(length, "section at offset " + start);
        long sectionEnd = position + length;
        Cid cid = readCid(sectionEnd, start);
        byte[] data = readExactly((int) (sectionEnd - position), "block " + cid + " at offset " + start);
        try {
            return Block.verified(cid, data);
        } catch (BlockVerificationException | MultihashFormatException e) {
            throw new CarFormatException("block " + cid + " at offset " + start + ": " + e.getMessage(), e);
        }
    }

    /**
     * The varint before a header or section. Returns -1 if the stream ends cleanly before its first byte, which is
     * only clean for a CARv1; inside a CARv2 payload the stream must last until the payload's end.
     */
    private long readLengthPrefix(String what) throws IOException {
        byte[] bytes = new byte[Varint.MAX_BYTES];
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            if (position >= limit) {
                throw new CarFormatException(what + " runs past the end of the CARv2 data payload at " + limit);
            }
            int b = in.read();
            if (b < 0) {
                if (i == 0 && limit == NO_LIMIT) {
                    return -1;
                }
                throw truncated(what);
            }
            position++;
            bytes[i] = (byte) b;
            if ((b & 0x80) == 0) {
                return decodeVarint(bytes, i + 1, what);
            }
        }
        throw new CarFormatException(what + " is a varint longer than " + Varint.MAX_BYTES + " bytes");
    }

    /**
     * Reads a CID from the stream without reading past {@code sectionEnd}: {@code 0x12 0x20} and 32 digest bytes for
     * a CIDv0; otherwise version 1, codec, hash code and digest length as varints, then the digest. The bytes are
     * then validated as a whole by {@link Cid#fromBytes}.
     */
    private Cid readCid(long sectionEnd, long sectionStart) throws IOException {
        String what = "CID of the section at offset " + sectionStart;
        byte[] prefix = new byte[2 + 3 * Varint.MAX_BYTES];
        int length;
        long digestLength;
        int first = sectionByte(sectionEnd, what);
        prefix[0] = (byte) first;
        if (first == 0x12) {
            int second = sectionByte(sectionEnd, what);
            if (second != 0x20) {
                throw new CarFormatException(what + " starts with 0x12 but is not a CIDv0 (0x12 0x20)");
            }
            prefix[1] = (byte) second;
            length = 2;
            digestLength = 32;
        } else if (first == 0x01) {
            length = readVarintBytes(prefix, 1, sectionEnd, what);
            length = readVarintBytes(prefix, length, sectionEnd, what);
            int lengthStart = length;
            length = readVarintBytes(prefix, length, sectionEnd, what);
            digestLength = decodeVarint(Arrays.copyOfRange(prefix, lengthStart, length), length - lengthStart, what);
        } else {
            throw new CarFormatException(what + " has an unsupported CID version (first byte 0x"
                    + Integer.toHexString(first) + ")");
        }
        if (digestLength > sectionEnd - position) {
            throw new CarFormatException(what + " claims a " + digestLength + "-byte digest but its section has "
                    + (sectionEnd - position) + " bytes left");
        }
        byte[] cidBytes = Arrays.copyOf(prefix, length + (int) digestLength);
        readFully(cidBytes, length, (int) digestLength, what);
        try {
            return Cid.fromBytes(cidBytes);
        } catch (CidFormatException e) {
            throw new CarFormatException(what + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Appends one varint's bytes to {@code dest} at {@code offset}; returns the offset after them. */
    private int readVarintBytes(byte[] dest, int offset, long sectionEnd, String what) throws IOException {
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            int b = sectionByte(sectionEnd, what);
            dest[offset++] = (byte) b;
            if ((b & 0x80) == 0) {
                return offset;
            }
        }
        throw new CarFormatException(what + " has a varint longer than " + Varint.MAX_BYTES + " bytes");
    }

    private int sectionByte(long sectionEnd, String what) throws IOException {
        if (position >= sectionEnd) {
            throw new CarFormatException(what + " runs past the end of its section");
        }
        int b = in.read();
        if (b < 0) {
            throw truncated(what);
        }
        position++;
        return b;
    }

    private static long decodeVarint(byte[] bytes, int length, String what) {
        try {
            return Varint.decode(bytes, 0, length);
        } catch (VarintFormatException e) {
            throw new CarFormatException(what + ": " + e.getMessage(), e);
        }
    }

    private void requireWithinLimit(long length, String what) {
        if (length > limit - position) {
            throw new CarFormatException(what + " of " + length + " bytes runs past the end of the CARv2 data "
                    + "payload at " + limit);
        }
    }

    /**
     * Reads exactly {@code n} bytes. Up to {@link #EAGER_ALLOCATION} the array is allocated at once; beyond that it
     * grows as bytes arrive, so a length prefix alone cannot make the reader allocate a large array.
     */
    private byte[] readExactly(int n, String what) throws IOException {
        if (n <= EAGER_ALLOCATION) {
            byte[] out = new byte[n];
            readFully(out, 0, n, what);
            return out;
        }
        byte[] out = new byte[EAGER_ALLOCATION];
        int filled = 0;
        while (filled < n) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int chunk = out.length - filled;
            readFully(out, filled, chunk, what);
            filled += chunk;
        }
        return out;
    }

    private void readFully(byte[] dest, int offset, int n, String what) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(dest, offset + done, n - done);
            if (r < 0) {
                throw truncated(what);
            }
            done += r;
            position += r;
        }
    }

    private void skip(long n, String what) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long left = n;
        while (left > 0) {
            int r = in.read(scratch, 0, (int) Math.min(left, scratch.length));
            if (r < 0) {
                throw truncated(what);
            }
            left -= r;
            position += r;
        }
    }

    private CarFormatException truncated(String what) {
        return new CarFormatException("stream ends inside " + what + " (after " + position + " bytes)");
    }
}
