package io.cairn.core.unixfs;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.cairn.core.unixfs.pb.UnixFsProto;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The UnixFS {@code Data} message carried in a dag-pb node's {@code Data} field. Immutable.
 *
 * <p>Every optional field keeps its presence: {@code null} (or an empty {@code blockSizes}) means the field is
 * absent on the wire, and {@link #toBytes()} writes exactly the fields that are present, in field-number order,
 * as protobuf does. So this class never decides by itself whether to write {@code filesize} or an empty
 * {@code Data}; the factories {@link #file(byte[], long...)} and {@link #directory()} make the choices Kubo
 * (boxo {@code FilePBData}, {@code FolderPBData}) and ipfs-unixfs ({@code UnixFS.marshal}) make, which agree:
 * a file always carries {@code filesize} (= data length + sum of block sizes) and omits empty {@code Data}; a
 * directory carries only its type.
 *
 * <p>Decoding ({@link #fromBytes(byte[])}) follows protobuf rules as Kubo and ipfs-unixfs do (unknown fields are
 * skipped, a repeated scalar keeps its last value, packed and unpacked block sizes are both read) plus the
 * spec's checks: {@code Type} is required and must be a known value, an {@code mtime} must carry
 * {@code Seconds} and its {@code FractionalNanoseconds}, when present, must be in 1..999,999,999. Unsigned 64-bit
 * fields above 2<sup>63</sup>-1 are rejected, since Cairn keeps them in a {@code long}. Whatever the input, the
 * only exception is {@link UnixFsFormatException}.
 *
 * <p>The {@code mode} is kept whole (all 32 bits, as the spec asks for copies); permission bits are
 * {@code mode & 07777}.
 */
public final class UnixFsData {
    private final UnixFsType type;
    /**
     * The {@code Data} field or {@code null}. Decoded messages alias the bytes they were parsed from (a file leaf's
     * contents are not copied to be read); built ones wrap a private copy.
     */
    private final ByteString data;
    private final Long fileSize;
    private final long[] blockSizes;
    private final Long hashType;
    private final Long fanout;
    private final Integer mode;
    private final UnixFsMtime mtime;

    private UnixFsData(Builder b) {
        this.type = b.type;
        this.data = b.data;
        this.fileSize = b.fileSize;
        this.blockSizes = b.blockSizes;
        this.hashType = b.hashType;
        this.fanout = b.fanout;
        this.mode = b.mode;
        this.mtime = b.mtime;
    }

    public static Builder builder(UnixFsType type) {
        return new Builder(type);
    }

    /**
     * A file node as Kubo and ipfs-unixfs write it: {@code Data} only when {@code data} is non-empty,
     * {@code filesize} always, one {@code blocksizes} entry per child.
     *
     * @param data the bytes held in this node itself (copied), or {@code null}
     * @param blockSizes the file-content size of each child, in link order
     */
    public static UnixFsData file(byte[] data, long... blockSizes) {
        Builder b = builder(UnixFsType.FILE).blockSizes(blockSizes);
        long size = 0;
        for (long s : blockSizes) {
            size = Math.addExact(size, s);
        }
        if (data != null && data.length > 0) {
            b.data(data);
            size = Math.addExact(size, data.length);
        }
        return b.fileSize(size).build();
    }

    /** A plain directory node's data: {@code 08 01}. */
    public static UnixFsData directory() {
        return builder(UnixFsType.DIRECTORY).build();
    }

    /**
     * Parses UnixFS data; as {@link #fromBytes(byte[], int, int)}, the result keeps a view of {@code bytes}.
     *
     * @throws UnixFsFormatException for bytes that are not a valid UnixFS {@code Data} message
     */
    public static UnixFsData fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /**
     * Parses the UnixFS data at {@code bytes[offset, offset + length)}. The result's {@code Data} field is a view of
     * those bytes, not a copy (a 1 MiB leaf is not copied to be read), so they must never be modified: pass a
     * block's bytes, as {@link io.cairn.core.dagpb.PbNode#dataArray()} gives them.
     *
     * @throws UnixFsFormatException for bytes that are not a valid UnixFS {@code Data} message
     */
    public static UnixFsData fromBytes(byte[] bytes, int offset, int length) {
        UnixFsProto.Data pb;
        try {
            // Only an input protobuf knows to be immutable (a wrapped ByteString's) lets aliasing avoid the copy.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes, offset, length).newCodedInput();
            in.enableAliasing(true);
            pb = UnixFsProto.Data.parseFrom(in);
        } catch (IOException e) {       // InvalidProtocolBufferException: an array input has no other failure
            throw new UnixFsFormatException("invalid UnixFS data: " + e.getMessage(), e);
        }
        // A closed proto2 enum puts unknown Type values among the unknown fields, leaving Type unset, so the
        // required-field check in parseFrom already rejected them.
        Builder b = builder(UnixFsType.forNumber(pb.getType().getNumber()));
        if (pb.hasData()) {
            b.data = pb.getData();
        }
        if (pb.hasFilesize()) {
            b.fileSize = unsigned63(pb.getFilesize(), "filesize");
        }
        long[] sizes = new long[pb.getBlocksizesCount()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = unsigned63(pb.getBlocksizes(i), "blocksizes");
        }
        b.blockSizes = sizes;
        if (pb.hasHashType()) {
            b.hashType = unsigned63(pb.getHashType(), "hashType");
        }
        if (pb.hasFanout()) {
            b.fanout = unsigned63(pb.getFanout(), "fanout");
        }
        if (pb.hasMode()) {
            b.mode = pb.getMode();
        }
        if (pb.hasMtime()) {
            UnixFsProto.UnixTime t = pb.getMtime();
            if (!t.hasSeconds()) {
                throw new UnixFsFormatException("mtime without Seconds");
            }
            int nanos = 0;
            if (t.hasFractionalNanoseconds()) {
                long n = Integer.toUnsignedLong(t.getFractionalNanoseconds());
                if (n < 1 || n > 999_999_999) {
                    throw new UnixFsFormatException("mtime FractionalNanoseconds " + n + " outside 1..999999999");
                }
                nanos = (int) n;
            }
            b.mtime = new UnixFsMtime(t.getSeconds(), nanos);
        }
        return new UnixFsData(b);
    }

    private static long unsigned63(long v, String field) {
        if (v < 0) {
            throw new UnixFsFormatException(field + " " + Long.toUnsignedString(v) + " exceeds 2^63-1");
        }
        return v;
    }

    /** The protobuf encoding, byte-identical to Kubo's and ipfs-unixfs's for the same present fields. */
    public byte[] toBytes() {
        UnixFsProto.Data.Builder pb = UnixFsProto.Data.newBuilder()
                .setType(UnixFsProto.Data.DataType.forNumber(type.number()));
        if (data != null) {
            pb.setData(data);
        }
        if (fileSize != null) {
            pb.setFilesize(fileSize);
        }
        for (long s : blockSizes) {
            pb.addBlocksizes(s);
        }
        if (hashType != null) {
            pb.setHashType(hashType);
        }
        if (fanout != null) {
            pb.setFanout(fanout);
        }
        if (mode != null) {
            pb.setMode(mode);
        }
        if (mtime != null) {
            UnixFsProto.UnixTime.Builder t = UnixFsProto.UnixTime.newBuilder().setSeconds(mtime.seconds());
            if (mtime.nanos() != 0) {
                t.setFractionalNanoseconds(mtime.nanos());
            }
            pb.setMtime(t);
        }
        return pb.build().toByteArray();
    }

    public UnixFsType type() {
        return type;
    }

    /** A copy of the {@code Data} field, or {@code null} when absent. */
    public byte[] data() {
        return data == null ? null : data.toByteArray();
    }

    /** Length of the {@code Data} field, 0 when absent. */
    public int dataLength() {
        return data == null ? 0 : data.size();
    }

    public boolean hasData() {
        return data != null;
    }

    /** The {@code filesize} field, or {@code null} when absent. */
    public Long fileSize() {
        return fileSize;
    }

    /** A copy of the {@code blocksizes} list; empty when there is none. */
    public long[] blockSizes() {
        return blockSizes.clone();
    }

    public int blockSizeCount() {
        return blockSizes.length;
    }

    public long blockSize(int index) {
        return blockSizes[index];
    }

    /** The {@code hashType} field (a multihash code; {@code 0x22} murmur3-x64-64 for HAMT shards), or null. */
    public Long hashType() {
        return hashType;
    }

    /** The {@code fanout} field (HAMT shards only), or {@code null}. */
    public Long fanout() {
        return fanout;
    }

    /** The whole {@code mode} field as an unsigned 32-bit value in an int, or {@code null} when absent. */
    public Integer mode() {
        return mode;
    }

    /** The modification time, or {@code null} when absent ("unspecified", not the epoch). */
    public UnixFsMtime mtime() {
        return mtime;
    }

    public Builder toBuilder() {
        Builder b = new Builder(type);
        b.data = data;
        b.fileSize = fileSize;
        b.blockSizes = blockSizes;
        b.hashType = hashType;
        b.fanout = fanout;
        b.mode = mode;
        b.mtime = mtime;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UnixFsData)) {
            return false;
        }
        UnixFsData u = (UnixFsData) o;
        return type == u.type && Objects.equals(data, u.data) && Objects.equals(fileSize, u.fileSize)
                && Arrays.equals(blockSizes, u.blockSizes) && Objects.equals(hashType, u.hashType)
                && Objects.equals(fanout, u.fanout) && Objects.equals(mode, u.mode)
                && Objects.equals(mtime, u.mtime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, data, fileSize, Arrays.hashCode(blockSizes), hashType, fanout,
                mode, mtime);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("UnixFsData(").append(type);
        if (data != null) {
            s.append(", data=").append(data.size()).append(" bytes");
        }
        if (fileSize != null) {
            s.append(", fileSize=").append(fileSize);
        }
        if (blockSizes.length > 0) {
            s.append(", blockSizes=").append(blockSizes.length < 8 ? Arrays.toString(blockSizes)
                    : blockSizes.length + " entries");
        }
        if (hashType != null) {
            s.append(", hashType=0x").append(Long.toHexString(hashType));
        }
        if (fanout != null) {
            s.append(", fanout=").append(fanout);
        }
        if (mode != null) {
            s.append(", mode=0").append(Integer.toOctalString(mode));
        }
        if (mtime != null) {
            s.append(", mtime=").append(mtime.seconds()).append('.').append(mtime.nanos());
        }
        return s.append(')').toString();
    }

    /** Builds a {@link UnixFsData}; each setter marks its field present. Not thread-safe. */
    public static final class Builder {
        private final UnixFsType type;
        private ByteString data;
        private Long fileSize;
        private long[] blockSizes = new long[0];
        private Long hashType;
        private Long fanout;
        private Integer mode;
        private UnixFsMtime mtime;

        private Builder(UnixFsType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        /** Sets {@code Data} to a copy of {@code data}; {@code null} removes the field, empty keeps it. */
        public Builder data(byte[] data) {
            // The copy is private to this value and protobuf only reads it.
            this.data = data == null ? null : UnsafeByteOperations.unsafeWrap(data.clone());
            return this;
        }

        public Builder fileSize(Long fileSize) {
            this.fileSize = nonNegative(fileSize, "fileSize");
            return this;
        }

        public Builder blockSizes(long... blockSizes) {
            long[] copy = blockSizes.clone();
            for (long s : copy) {
                nonNegative(s, "block size");
            }
            this.blockSizes = copy;
            return this;
        }

        public Builder hashType(Long hashType) {
            this.hashType = nonNegative(hashType, "hashType");
            return this;
        }

        public Builder fanout(Long fanout) {
            this.fanout = nonNegative(fanout, "fanout");
            return this;
        }

        /** Sets the whole 32-bit {@code mode} (unsigned); {@code null} removes it. */
        public Builder mode(Integer mode) {
            this.mode = mode;
            return this;
        }

        public Builder mtime(UnixFsMtime mtime) {
            this.mtime = mtime;
            return this;
        }

        public UnixFsData build() {
            return new UnixFsData(this);
        }

        private static Long nonNegative(Long v, String what) {
            if (v != null && v < 0) {
                throw new IllegalArgumentException(what + " must not be negative: " + v);
            }
            return v;
        }
    }
}
