package io.cairn.testnet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    @Property(tries = 200)
    void eventsRunInTimeOrderAndTiesInSchedulingOrder(@ForAll @Size(max = 200) List<@IntRange(max = 50) Integer> times) {
        EventQueue q = new EventQueue();
        List<long[]> ran = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i);
            long seq = i;
            q.at(t, () -> ran.add(new long[] {q.now(), t, seq}));
        }
        assertTrue(q.runUntil(1000, Long.MAX_VALUE));
        assertEquals(times.size(), ran.size());
        for (int i = 0; i < ran.size(); i++) {
            assertEquals(ran.get(i)[1], ran.get(i)[0], "the clock reads the event's time while it runs");
            if (i > 0) {
                long[] a = ran.get(i - 1);
                long[] b = ran.get(i);
                assertTrue(a[1] < b[1] || (a[1] == b[1] && a[2] < b[2]), "out of order at " + i);
            }
        }
        assertEquals(1000, q.now());
    }

    @Property(tries = 100)
    void eventsScheduledWhileRunningAreOrderedToo(@ForAll @Size(min = 1, max = 50) List<@IntRange(max = 20) Integer>
            delays) {
        EventQueue q = new EventQueue();
        List<Long> clock = new ArrayList<>();
        q.at(0, () -> {
            for (int d : delays) {
                q.after(d, () -> clock.add(q.now()));
            }
        });
        q.runUntil(100, Long.MAX_VALUE);
        assertEquals(delays.stream().map(Long::valueOf).sorted().toList(), clock);
    }

    @Test
    void thePastCannotBeScheduledAndTheEventBoundStops() {
        EventQueue q = new EventQueue();
        q.at(10, () -> q.at(20, () -> { }));
        q.at(30, () -> { });
        q.runUntil(15, Long.MAX_VALUE);
        assertThrows(IllegalArgumentException.class, () -> q.at(14, () -> { }));
        assertFalse(q.runUntil(100, 2), "bounded at two events in all");
        assertEquals(1, q.pending());
        int[] runs = {0};
        assertTrue(q.runWhile(() -> runs[0]++ < 5, 100, 10));
        assertEquals(0, q.pending());
    }
}
