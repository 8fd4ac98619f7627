package io.cairn.core.ipld;

import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.DagPbFormatException;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIDs a block links to, by its CID's codec, as Kubo and Helia follow them when they pin, collect garbage or
 * export a DAG:
 * <ul>
 *   <li>dag-pb: the {@code Hash} of each link, in order ({@link DagPb#decode});</li>
 *   <li>dag-cbor: every tag-42 CID, in document order;</li>
 *   <li>dag-json: every {@code {"/": "<cid>"}} object, in document order;</li>
 *   <li>raw, identity (the codec {@code 0x00}), json, cbor and libp2p-key: none (the bytes are not read);</li>
 *   <li>any other codec: {@link UnsupportedCodecException}, since what lies below such a block is unknown.</li>
 * </ul>
 * A link that appears several times is listed as often as it appears: reference counts count links, not targets.
 * The hash function plays no part: an identity-hashed dag-cbor block has the links its bytes hold.
 */
public final class Links {
    private Links() {}

    /**
     * The links of {@code block}, the bytes named by {@code cid}.
     *
     * @throws UnsupportedCodecException when Cairn cannot read links of {@code cid}'s codec
     * @throws IpldFormatException when the block is not valid for its codec
     */
    public static List<Cid> of(Cid cid, byte[] block) {
        return of(cid.codec(), block);
    }

    /** As {@link #of(Cid, byte[])} for a codec given by its multicodec code. */
    public static List<Cid> of(long codec, byte[] block) {
        Multicodec m = Multicodec.forCode(codec);
        if (m == null) {
            throw new UnsupportedCodecException(codec);
        }
        switch (m) {
            case DAG_PB -> {
                List<PbLink> pb;
                try {
                    pb = DagPb.decode(block).links();
                } catch (DagPbFormatException e) {
                    throw new IpldFormatException("not valid dag-pb: " + e.getMessage(), e);
                }
                List<Cid> out = new ArrayList<>(pb.size());
                for (PbLink l : pb) {
                    out.add(l.hash());
                }
                return out;
            }
            case DAG_CBOR -> {
                List<Cid> out = new ArrayList<>();
                DagCborLinks.collect(block, out);
                return out;
            }
            case DAG_JSON -> {
                List<Cid> out = new ArrayList<>();
                DagJsonLinks.collect(block, out);
                return out;
            }
            case RAW, IDENTITY, JSON, CBOR, LIBP2P_KEY -> {
                return List.of();
            }
            default -> throw new UnsupportedCodecException(codec);
        }
    }

    /** Whether blocks of {@code codec} may have links (dag-pb, dag-cbor, dag-json): the only ones worth reading. */
    public static boolean mayHaveLinks(long codec) {
        return codec == Multicodec.DAG_PB.code() || codec == Multicodec.DAG_CBOR.code()
                || codec == Multicodec.DAG_JSON.code();
    }

    /** Whether {@link #of} reads {@code codec}'s links (or knows it has none) rather than refusing it. */
    public static boolean isSupported(long codec) {
        Multicodec m = Multicodec.forCode(codec);
        if (m == null) {
            return false;
        }
        return switch (m) {
            case DAG_PB, DAG_CBOR, DAG_JSON, RAW, IDENTITY, JSON, CBOR, LIBP2P_KEY -> true;
            default -> false;
        };
    }
}
