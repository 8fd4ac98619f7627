package io.cairn.core.dagpb;

import io.cairn.core.multiformats.Cid;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One link of a DAG-PB node: the target's CID, an optional name and an optional cumulative size ({@code Tsize}).
 * Absent and empty names are different on the wire ({@code Name} omitted versus {@code 12 00}) and so are different
 * values here: {@code null} means absent. Immutable.
 *
 * <p>Invariants: a name is well-formed UTF-16 (no unpaired surrogate), because the wire form is UTF-8 and a
 * name that cannot be encoded exactly would not survive a round trip; a {@code Tsize} is non-negative and so fits
 * in the 63 bits Cairn accepts for protobuf varints.
 */
public final class PbLink {
    private final Cid hash;
    private final String name;
    private final byte[] nameUtf8;
    private final Long tsize;

    /**
     * @param hash the target, required
     * @param name the link name, or {@code null} for no {@code Name} field
     * @param tsize the cumulative size of the target DAG, or {@code null} for no {@code Tsize} field
     * @throws IllegalArgumentException for a negative {@code tsize} or a name with an unpaired surrogate
     */
    public PbLink(Cid hash, String name, Long tsize) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.name = name;
        this.nameUtf8 = name == null ? null : utf8(name);
        if (tsize != null && tsize < 0) {
            throw new IllegalArgumentException("negative Tsize " + tsize);
        }
        this.tsize = tsize;
    }

    /** Decoder entry point: the name bytes were already checked to be UTF-8 and are kept to avoid re-encoding. */
    PbLink(Cid hash, String name, byte[] nameUtf8, Long tsize) {
        this.hash = hash;
        this.name = name;
        this.nameUtf8 = nameUtf8;
        this.tsize = tsize;
    }

    /** A link with both a name and a size, the form directories and HAMT shards use. */
    public static PbLink of(Cid hash, String name, long tsize) {
        return new PbLink(hash, Objects.requireNonNull(name, "name"), tsize);
    }

    public Cid hash() {
        return hash;
    }

    /** The name, or {@code null} when the link has no {@code Name} field. */
    public String name() {
        return name;
    }

    /** The cumulative size, or {@code null} when the link has no {@code Tsize} field. */
    public Long tsize() {
        return tsize;
    }

    /** The UTF-8 bytes of the name (not copied; callers must not modify), or {@code null}. */
    byte[] nameUtf8() {
        return nameUtf8;
    }

    /** Length in bytes of the name's UTF-8 form, 0 when absent. */
    public int nameByteLength() {
        return nameUtf8 == null ? 0 : nameUtf8.length;
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("link name is not well-formed UTF-16 (unpaired surrogate)", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PbLink)) {
            return false;
        }
        PbLink l = (PbLink) o;
        return hash.equals(l.hash) && Objects.equals(name, l.name) && Objects.equals(tsize, l.tsize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hash, name, tsize);
    }

    @Override
    public String toString() {
        return "PbLink(" + hash + (name == null ? "" : ", name=\"" + name + "\"")
                + (tsize == null ? "" : ", tsize=" + tsize) + ")";
    }
}
