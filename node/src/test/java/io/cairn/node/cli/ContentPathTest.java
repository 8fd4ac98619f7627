package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import org.junit.jupiter.api.Test;

/** The argument forms Kubo's {@code cmdutils.PathOrCidPath} takes, and {@code ipfs get}'s default output name. */
class ContentPathTest {
    private static final String CID = "QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY";

    @Test
    void forms() {
        for (String text : new String[] {CID, "/ipfs/" + CID, "ipfs://" + CID, CID + "/"}) {
            ContentPath p = ContentPath.parse(text);
            assertEquals(Cid.parse(CID), p.root(), text);
            assertEquals("", p.segments(), text);
            assertEquals(CID, p.lastName(), text);
        }
        ContentPath p = ContentPath.parse("/ipfs/" + CID + "//a/b.txt/");
        assertEquals("a/b.txt", p.segments());
        assertEquals("b.txt", p.lastName());
        assertEquals(CID, ContentPath.parse(CID + "/..").lastName(), "never .. as an output name");
    }

    @Test
    void errors() {
        CidFormatException e = assertThrows(CidFormatException.class, () -> ContentPath.parse("Qmnope/a"));
        assertEquals(true, e.getMessage().startsWith("invalid path \"Qmnope/a\": "), e.getMessage());
        assertThrows(CidFormatException.class, () -> ContentPath.parse(""));
        assertThrows(CidFormatException.class, () -> ContentPath.parse("/ipfs/"));
        assertThrows(UserException.class, () -> ContentPath.parse("/ipns/example.org"));
        assertThrows(UserException.class, () -> ContentPath.parseCid(CID + "/a"));
    }
}
