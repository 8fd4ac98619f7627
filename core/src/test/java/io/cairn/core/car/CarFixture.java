package io.cairn.core.car;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A CAR file from {@code src/test/resources/car} and what @ipld/car's reader saw in it (the {@code .expected} file
 * written by {@code generate.mjs}; see the README there).
 */
record CarFixture(String name, byte[] bytes, int version, List<Cid> roots, List<Block> blocks) {
    static final String CARV1_BASIC = "carv1-basic.car";
    static final String CARV2_BASIC = "carv2-basic.car";
    static final String IPLD_CAR_V1 = "ipld-car-v1.car";
    static final String IPLD_CAR_V1_NO_ROOTS = "ipld-car-v1-noroots.car";
    static final String IPLD_CAR_V1_MANY_ROOTS = "ipld-car-v1-manyroots.car";
    static final String IPLD_CAR_V2_PADDED = "ipld-car-v2-padded.car";
    /** The small fixtures, each under 1 KiB. */
    static final List<String> SMALL = List.of(CARV1_BASIC, CARV2_BASIC, IPLD_CAR_V1, IPLD_CAR_V1_NO_ROOTS,
            IPLD_CAR_V2_PADDED);
    static final List<String> ALL = List.of(CARV1_BASIC, CARV2_BASIC, IPLD_CAR_V1, IPLD_CAR_V1_NO_ROOTS,
            IPLD_CAR_V1_MANY_ROOTS, IPLD_CAR_V2_PADDED);

    static CarFixture load(String name) {
        byte[] bytes = resource(name);
        String expected = new String(resource(name + ".expected"), StandardCharsets.UTF_8);
        int version = -1;
        List<Cid> roots = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (String line : expected.split("\n")) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "version" -> version = Integer.parseInt(f[1]);
                case "root" -> roots.add(Cid.parse(f[1]));
                case "block" -> blocks.add(new Block(Cid.parse(f[1]), HexFormat.of().parseHex(f[2])));
                default -> throw new IllegalStateException("bad line in " + name + ".expected: " + line);
            }
        }
        return new CarFixture(name, bytes, version, List.copyOf(roots), List.copyOf(blocks));
    }

    static byte[] resource(String name) {
        try (InputStream in = CarFixture.class.getResourceAsStream("/car/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource car/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blocks as "cid hex" strings, so that assertEquals compares content and prints readable diffs. */
    static List<String> describe(List<Block> blocks) {
        List<String> out = new ArrayList<>();
        for (Block b : blocks) {
            out.add(b.cid() + " " + HexFormat.of().formatHex(b.data()));
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
