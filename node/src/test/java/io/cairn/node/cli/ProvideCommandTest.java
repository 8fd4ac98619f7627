package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProvideCommandTest {
    /** Go's time.Duration.String() for these values (its documented format: "72h3m0.5s", "0s"). */
    @Test
    void durationsPrintAsGoPrintsThem() {
        assertEquals("0s", ProvideCommand.goDuration(Duration.ZERO));
        assertEquals("1.5s", ProvideCommand.goDuration(Duration.ofMillis(1500)));
        assertEquals("1m0s", ProvideCommand.goDuration(Duration.ofSeconds(60)));
        assertEquals("2h0m0s", ProvideCommand.goDuration(Duration.ofHours(2)));
        assertEquals("72h3m0.5s", ProvideCommand.goDuration(Duration.ofHours(72).plusMinutes(3).plusMillis(500)));
    }

    @Test
    void statPrintsOneAlignedNameValueLinePerField() throws Exception {
        StringWriter w = new StringWriter();
        ProvideCommand.print(new PrintWriter(w), new ObjectMapper().readTree("{\"TotalProvides\":12,"
                + "\"LastReprovideDuration\":90000000000,\"LastReprovideBatchSize\":7,\"QueueLength\":3,"
                + "\"Keys\":15,\"Regions\":2,\"LastCycleStart\":0,\"LastCycleEnd\":0,\"KeysPerSecond\":0.25}"));
        String out = w.toString();
        assertTrue(out.contains("TotalProvides:          12\n"), out);
        assertTrue(out.contains("LastReprovideDuration:  1m30s\n"), out);
        assertTrue(out.contains("QueueLength:            3\n"), out);
        assertTrue(out.contains("Keys:                   15\n"), out);
        assertTrue(out.contains("LastCycle:              none yet\n"), out);
        assertTrue(out.contains("KeysPerSecond:          0.250\n"), out);
    }
}
