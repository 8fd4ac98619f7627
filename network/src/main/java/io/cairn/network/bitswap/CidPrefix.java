package io.cairn.network.bitswap;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.MultihashFormatException;
import io.cairn.core.multiformats.Varint;
import io.cairn.core.multiformats.VarintFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A CID without its digest, as Bitswap 1.1.0+ sends it beside each block: uvarint version, content codec, multihash
 * code and digest length. The receiver hashes the block with it to get the block's CID, so a payload block can never
 * claim a CID its bytes do not have.
 */
record CidPrefix(int version, long codec, long hashFunction, int hashLength) {
    static CidPrefix of(Cid cid) {
        return new CidPrefix(cid.version(), cid.codec(), cid.multihash().code(), cid.multihash().digestLength());
    }

    byte[] toBytes() {
        byte[] out = new byte[Varint.size(version) + Varint.size(codec) + Varint.size(hashFunction)
                + Varint.size(hashLength)];
        int o = Varint.write(version, out, 0);
        o = Varint.write(codec, out, o);
        o = Varint.write(hashFunction, out, o);
        Varint.write(hashLength, out, o);
        return out;
    }

    /** Parses exactly four uvarints; throws {@link BitswapFormatException} for anything else. */
    static CidPrefix fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            long version = Varint.read(buf);
            long codec = Varint.read(buf);
            long hashFunction = Varint.read(buf);
            long hashLength = Varint.read(buf);
            if (buf.hasRemaining()) {
                throw new BitswapFormatException(buf.remaining() + " trailing bytes after CID prefix");
            }
            if (version > 1) {
                throw new BitswapFormatException("unsupported CID version " + version + " in prefix");
            }
            if (hashLength > HashFunction.MAX_IDENTITY_DIGEST) {
                throw new BitswapFormatException("digest length " + hashLength + " in prefix is too long");
            }
            return new CidPrefix((int) version, codec, hashFunction, (int) hashLength);
        } catch (VarintFormatException e) {
            throw new BitswapFormatException("bad CID prefix: " + e.getMessage(), e);
        }
    }

    /** The CID of {@code data} under this prefix; throws {@link BitswapFormatException} for a prefix not allowed. */
    Cid cidOf(byte[] data) {
        HashFunction f = HashFunction.forCode(hashFunction);
        if (f == null) {
            throw new BitswapFormatException("hash function " + Multicodec.nameOf(hashFunction) + " is not allowed");
        }
        try {
            Multihash mh;
            if (f == HashFunction.IDENTITY) {
                if (hashLength != data.length) {
                    throw new BitswapFormatException("identity prefix of length " + hashLength + " for a block of "
                            + data.length + " bytes");
                }
                mh = Multihash.of(hashFunction, data);
            } else {
                if (hashLength > f.digestLength()) {
                    throw new BitswapFormatException(f.hashName() + " has no digest of " + hashLength + " bytes");
                }
                mh = Multihash.of(hashFunction, Arrays.copyOf(f.digest(data, 0, data.length), hashLength));
            }
            mh.requireAllowed();
            if (version == 0) {
                if (codec != Multicodec.DAG_PB.code()) {
                    throw new BitswapFormatException("CIDv0 prefix with codec " + Multicodec.nameOf(codec));
                }
                return Cid.v0(mh);
            }
            return Cid.v1(codec, mh);
        } catch (MultihashFormatException | CidFormatException e) {
            throw new BitswapFormatException("bad CID prefix: " + e.getMessage(), e);
        }
    }
}
