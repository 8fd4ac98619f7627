package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The remembered conversions answer exactly as Cid's own, however many CIDs share the slots. */
class CidTextsTest {
    @Test
    void answersAsCidDoesForManyMoreCidsThanSlots() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4 * CidTexts.SLOTS; i++) {
                byte[] data = ("block " + i).getBytes(StandardCharsets.UTF_8);
                Cid cid = i % 2 == 0 ? Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data)
                        : Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, data);
                String text = CidTexts.text(cid);
                assertEquals(cid.toString(), text);
                assertEquals(Cid.parse(text), CidTexts.parse(text));
                assertEquals(cid, CidTexts.parse(text));
            }
        }
    }

    @Test
    void badTextFailsEveryTime() {
        assertThrows(CidFormatException.class, () -> CidTexts.parse("QmNotACid"));
        assertThrows(CidFormatException.class, () -> CidTexts.parse("QmNotACid"));
    }
}
