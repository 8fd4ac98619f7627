package io.cairn.core.car;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockVerificationException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.multiformats.MultihashFormatException;
import io.cairn.core.multiformats.Varint;
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
 *   <li>Blocks whose multihash Cairn does not accept are errors, as they cannot be verified (see
 *       {@link io.cairn.core.multiformats.Multihash#requireAllowed()}: e.g. sha1, blake2b, or identity over 128
 *       bytes). go-car and @ipld/car accept more functions.</li>
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

    private final CarInput in;
    private final Options options;
    private final int version;
    private final List<Cid> roots;
    private boolean finished;
    private boolean failed;
    private boolean iterated;

    private CarReader(CarInput in, Options options) throws IOException {
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
            CarV2Header v2 = CarV2Header.parse(in.readExactly(CarV2Header.LENGTH, "CARv2 header"));
            in.skip(v2.dataOffset() - in.position(), "padding before the CARv2 data payload");
            in.limitTo(v2.dataEnd());
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
        CarInput input = new CarInput(in);
        try {
            return new CarReader(input, options);
        } catch (IOException | RuntimeException e) {
            try {
                input.close();
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
        in.close();
    }

    private static List<Cid> requireRoots(CarHeaderCodec.Header header, String where) {
        if (header.roots() == null) {
            throw new CarFormatException(where + " has no roots");
        }
        return header.roots();
    }

    private CarHeaderCodec.Header readHeader(String what) throws IOException {
        long start = in.position();
        long length = in.readLengthPrefix(what);
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
        in.requireWithinLimit(length, what);
        return CarHeaderCodec.decode(in.readExactly((int) length, what));
    }

    /** One section: {@code varint(len) CID data}, or null at a clean end. */
    private Block readSection() throws IOException {
        if (in.position() == in.limit()) {
            return null;
        }
        long start = in.position();
        long length = in.readLengthPrefix("section length at offset " + start);
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
        in.requireWithinLimit(length, "section at offset " + start);
        long sectionEnd = in.position() + length;
        Cid cid = readCid(sectionEnd, start);
        byte[] data = in.readExactly((int) (sectionEnd - in.position()), "block " + cid + " at offset " + start);
        try {
            return Block.verified(cid, data);
        } catch (BlockVerificationException | MultihashFormatException e) {
            throw new CarFormatException("block " + cid + " at offset " + start + ": " + e.getMessage(), e);
        }
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
        int first = in.readByteBefore(sectionEnd, what);
        prefix[0] = (byte) first;
        if (first == 0x12) {
            int second = in.readByteBefore(sectionEnd, what);
            if (second != 0x20) {
                throw new CarFormatException(what + " starts with 0x12 but is not a CIDv0 (0x12 0x20)");
            }
            prefix[1] = (byte) second;
            length = 2;
            digestLength = 32;
        } else if (first == 0x01) {
            length = readVarintBytes(prefix, 1, sectionEnd, what); // codec
            length = readVarintBytes(prefix, length, sectionEnd, what); // multihash function
            int lengthStart = length;
            length = readVarintBytes(prefix, length, sectionEnd, what);
            digestLength = CarInput.decodeVarint(prefix, lengthStart, length, what);
        } else {
            throw new CarFormatException(what + " has an unsupported CID version (first byte 0x"
                    + Integer.toHexString(first) + ")");
        }
        if (digestLength > sectionEnd - in.position()) {
            throw new CarFormatException(what + " claims a " + digestLength + "-byte digest but its section has "
                    + (sectionEnd - in.position()) + " bytes left");
        }
        byte[] cidBytes = Arrays.copyOf(prefix, length + (int) digestLength);
        in.readFully(cidBytes, length, (int) digestLength, what);
        try {
            return Cid.fromBytes(cidBytes);
        } catch (CidFormatException e) {
            throw new CarFormatException(what + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Appends one varint's bytes to {@code dest} at {@code offset}; returns the offset after them. */
    private int readVarintBytes(byte[] dest, int offset, long sectionEnd, String what) throws IOException {
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            int b = in.readByteBefore(sectionEnd, what);
            dest[offset++] = (byte) b;
            if ((b & 0x80) == 0) {
                return offset;
            }
        }
        throw new CarFormatException(what + " has a varint longer than " + Varint.MAX_BYTES + " bytes");
    }
}
