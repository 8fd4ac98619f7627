package io.cairn.network.bitswap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.cairn.core.FormatException;
import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.network.bitswap.BitswapMessage.Entry;
import io.cairn.network.bitswap.BitswapMessage.Presence;
import io.cairn.network.bitswap.BitswapMessage.PresenceType;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import io.cairn.network.bitswap.pb.BitswapProto.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link BitswapMessage} and back. Decoding accepts every version's fields at once (a 1.2.0 peer may still
 * send 1.0.0 {@code blocks}); encoding writes only what the peer's version understands. Limits are the spec's:
 * a message of at most 4 MiB, a block of at most 2 MiB.
 */
final class BitswapCodec {
    static final int MAX_MESSAGE_BYTES = 4 << 20;
    static final int MAX_BLOCK_BYTES = 2 << 20;

    private BitswapCodec() {
    }

    /**
     * Decodes one message. Throws {@link BitswapFormatException} and nothing else for malformed input. Entries and
     * presences of a type this version does not know are skipped, as a newer enum value would be.
     */
    static BitswapMessage decode(byte[] bytes) {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new BitswapFormatException("message of " + bytes.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        Message m;
        try {
            m = Message.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BitswapFormatException("not a Bitswap message: " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>(m.getWantlist().getEntriesCount());
        for (Message.Wantlist.Entry e : m.getWantlist().getEntriesList()) {
            WantType type;
            switch (e.getWantTypeValue()) {
                case 0:
                    type = WantType.BLOCK;
                    break;
                case 1:
                    type = WantType.HAVE;
                    break;
                default:
                    continue;
            }
            entries.add(new Entry(cid(e.getBlock()), e.getPriority(), e.getCancel(), type, e.getSendDontHave()));
        }
        List<Block> blocks = new ArrayList<>(m.getBlocksCount() + m.getPayloadCount());
        for (ByteString raw : m.getBlocksList()) {
            byte[] data = blockBytes(raw);
            blocks.add(new Block(Cid.v0(Multihash.digest(HashFunction.SHA2_256, data)), data));
        }
        for (Message.Block b : m.getPayloadList()) {
            byte[] data = blockBytes(b.getData());
            blocks.add(new Block(CidPrefix.fromBytes(b.getPrefix().toByteArray()).cidOf(data), data));
        }
        List<Presence> presences = new ArrayList<>(m.getBlockPresencesCount());
        for (Message.BlockPresence p : m.getBlockPresencesList()) {
            PresenceType type;
            switch (p.getTypeValue()) {
                case 0:
                    type = PresenceType.HAVE;
                    break;
                case 1:
                    type = PresenceType.DONT_HAVE;
                    break;
                default:
                    continue;
            }
            presences.add(new Presence(cid(p.getCid()), type));
        }
        return new BitswapMessage(entries, m.getWantlist().getFull(), blocks, presences, m.getPendingBytes());
    }

    /**
     * Encodes {@code message} for a peer speaking {@code version}. Before 1.2.0, want-have entries and presences
     * cannot be said and are left out; 1.0.0 gets raw {@code blocks} (which the peer names by CIDv0). Throws
     * {@link IllegalArgumentException} when the result would exceed {@link #MAX_MESSAGE_BYTES}: callers size their
     * messages.
     */
    static byte[] encode(BitswapMessage message, BitswapVersion version) {
        Message.Builder m = Message.newBuilder();
        if (!message.wantlist().isEmpty() || message.full()) {
            Message.Wantlist.Builder wl = Message.Wantlist.newBuilder().setFull(message.full());
            for (Entry e : message.wantlist()) {
                if (!version.hasPresences() && e.type() == WantType.HAVE && !e.cancel()) {
                    continue;
                }
                Message.Wantlist.Entry.Builder b = Message.Wantlist.Entry.newBuilder()
                        .setBlock(UnsafeByteOperations.unsafeWrap(e.cid().toBytes()))
                        .setPriority(e.priority())
                        .setCancel(e.cancel());
                if (version.hasPresences()) {
                    b.setWantType(e.type() == WantType.HAVE ? Message.Wantlist.WantType.Have
                            : Message.Wantlist.WantType.Block);
                    b.setSendDontHave(e.sendDontHave());
                }
                wl.addEntries(b);
            }
            if (wl.getEntriesCount() > 0 || message.full()) {
                m.setWantlist(wl);
            }
        }
        for (Block block : message.blocks()) {
            // Block bytes are immutable by Block's contract, so protobuf may read them without a copy.
            ByteString data = UnsafeByteOperations.unsafeWrap(block.data());
            if (version == BitswapVersion.V1_0_0) {
                m.addBlocks(data);
            } else {
                m.addPayload(Message.Block.newBuilder()
                        .setPrefix(UnsafeByteOperations.unsafeWrap(CidPrefix.of(block.cid()).toBytes()))
                        .setData(data));
            }
        }
        if (version.hasPresences()) {
            for (Presence p : message.presences()) {
                m.addBlockPresences(Message.BlockPresence.newBuilder()
                        .setCid(UnsafeByteOperations.unsafeWrap(p.cid().toBytes()))
                        .setType(p.type() == PresenceType.HAVE ? Message.BlockPresenceType.Have
                                : Message.BlockPresenceType.DontHave));
            }
            m.setPendingBytes(message.pendingBytes());
        }
        Message built = m.build();
        int size = built.getSerializedSize();
        if (size > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        return built.toByteArray();
    }

    /** An upper bound on the encoded size of one wantlist entry or presence for {@code cid}. */
    static int entrySize(Cid cid) {
        return cid.byteLength() + 16;
    }

    private static byte[] blockBytes(ByteString bytes) {
        if (bytes.size() > MAX_BLOCK_BYTES) {
            throw new BitswapFormatException("block of " + bytes.size() + " bytes exceeds " + MAX_BLOCK_BYTES);
        }
        return bytes.toByteArray();
    }

    private static Cid cid(ByteString bytes) {
        try {
            return Cid.fromBytes(bytes.toByteArray());
        } catch (FormatException e) {
            throw new BitswapFormatException("bad CID: " + e.getMessage(), e);
        }
    }
}
