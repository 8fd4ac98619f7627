package io.cairn.network.dht;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.core.FormatException;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.network.dht.pb.DhtProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes {@link DhtMessage}s as go-libp2p-kad-dht's proto3 {@code Message}: the bytes of one message,
 * without the uvarint length prefix that frames it on a stream (the host's {@code readMessage}/{@code writeMessage}
 * adds and checks that, with {@link #MAX_MESSAGE_SIZE} as the bound).
 *
 * <p>Decoding follows go where a field is malformed inside a well-formed message: a peer whose ID is not a peer ID
 * is dropped, and so is an address that is not a multiaddr (go's {@code Message_Peer.Addresses} skips those), so one
 * bad entry from a hostile peer does not cost the rest of the answer. A message that is not protobuf, is over the
 * bound, or has a type this version does not know raises {@link DhtMessageFormatException} and nothing else.
 */
public final class DhtMessageCodec {
    /** go-libp2p's {@code network.MessageSizeMax}: 4 MiB. */
    public static final int MAX_MESSAGE_SIZE = 4 << 20;

    private DhtMessageCodec() {}

    /** Decodes one whole message; throws {@link DhtMessageFormatException} for any malformed input. */
    public static DhtMessage decode(byte[] bytes) {
        if (bytes.length > MAX_MESSAGE_SIZE) {
            throw new DhtMessageFormatException("kad-dht message of " + bytes.length + " bytes exceeds "
                    + MAX_MESSAGE_SIZE);
        }
        DhtProto.Message pb;
        try {
            pb = DhtProto.Message.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DhtMessageFormatException("malformed kad-dht message: " + e.getMessage(), e);
        }
        MessageType type = MessageType.forNumber(pb.getTypeValue());
        if (type == null) {
            throw new DhtMessageFormatException("unknown kad-dht message type " + pb.getTypeValue());
        }
        DhtRecord record = null;
        if (pb.hasRecord()) {
            DhtProto.Record r = pb.getRecord();
            record = new DhtRecord(r.getKey().toByteArray(), r.getValue().toByteArray(), r.getTimeReceived());
        }
        return new DhtMessage(type, pb.getKey().toByteArray(), record, peers(pb.getCloserPeersList()),
                peers(pb.getProviderPeersList()), pb.getClusterLevelRaw());
    }

    /**
     * Encodes {@code message}; fields in field-number order with zero values left out, which is what go writes and,
     * for every message js-libp2p builds, what js writes. Throws {@link IllegalArgumentException} when the result
     * would exceed {@link #MAX_MESSAGE_SIZE}: a sender must bound its lists before that (see
     * {@link DhtRequestHandler}).
     */
    public static byte[] encode(DhtMessage message) {
        DhtProto.Message.Builder b = DhtProto.Message.newBuilder()
                .setTypeValue(message.type().number())
                .setClusterLevelRaw(message.clusterLevelRaw())
                .setKey(ByteString.copyFrom(message.keyUnsafe()));
        DhtRecord r = message.record();
        if (r != null) {
            b.setRecord(DhtProto.Record.newBuilder()
                    .setKey(ByteString.copyFrom(r.keyUnsafe()))
                    .setValue(ByteString.copyFrom(r.valueUnsafe()))
                    .setTimeReceived(r.timeReceived()));
        }
        for (DhtPeer p : message.closerPeers()) {
            b.addCloserPeers(toPb(p));
        }
        for (DhtPeer p : message.providerPeers()) {
            b.addProviderPeers(toPb(p));
        }
        DhtProto.Message pb = b.build();
        int size = pb.getSerializedSize();
        if (size > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("kad-dht message of " + size + " bytes exceeds " + MAX_MESSAGE_SIZE);
        }
        return pb.toByteArray();
    }

    /** The encoded size of one peer entry inside a message's repeated field, tag and length prefix included. */
    static int encodedSize(DhtPeer peer) {
        int n = toPb(peer).getSerializedSize();
        return 1 + CodedSizes.uvarint(n) + n;
    }

    private static DhtProto.Message.Peer toPb(DhtPeer p) {
        DhtProto.Message.Peer.Builder b = DhtProto.Message.Peer.newBuilder()
                .setId(ByteString.copyFrom(p.id().toBytes()))
                .setConnectionValue(p.connection().ordinal());
        for (Multiaddr a : p.addresses()) {
            b.addAddrs(ByteString.copyFrom(a.toBytes()));
        }
        return b.build();
    }

    private static List<DhtPeer> peers(List<DhtProto.Message.Peer> list) {
        List<DhtPeer> out = new ArrayList<>(list.size());
        for (DhtProto.Message.Peer p : list) {
            PeerId id;
            try {
                id = PeerId.fromBytes(p.getId().toByteArray());
            } catch (FormatException e) {
                // go keeps such an entry and fails later when dialling it; dropping it here is the same outcome.
                continue;
            }
            List<Multiaddr> addrs = new ArrayList<>(p.getAddrsCount());
            for (ByteString a : p.getAddrsList()) {
                try {
                    addrs.add(Multiaddr.fromBytes(a.toByteArray()));
                } catch (FormatException e) {
                    // As go: an address that does not parse is skipped, the peer's other addresses are kept.
                    continue;
                }
            }
            out.add(new DhtPeer(id, addrs, ConnectionType.forNumber(p.getConnectionValue())));
        }
        return out;
    }

    /** Protobuf size arithmetic for the response bound. */
    static final class CodedSizes {
        private CodedSizes() {}

        static int uvarint(long v) {
            int n = 1;
            while ((v & ~0x7FL) != 0) {
                v >>>= 7;
                n++;
            }
            return n;
        }
    }
}
