package io.cairn.testnet.sim;

import java.util.PriorityQueue;

/**
 * Simulated time: a queue of actions ordered by the millisecond they are due, ties broken by the order they were
 * scheduled, so a run is deterministic. Running an event advances {@link #now()} to its time; time never goes back
 * (an action may not be scheduled before now). No threads and no sleeping: the queue runs as fast as the actions do.
 */
final class EventQueue {
    private record Event(long time, long seq, Runnable action) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    private long processed;

    long now() {
        return now;
    }

    /** Schedules {@code action} at {@code time}, which must not be in the past. */
    void at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("event at " + time + " is before now " + now);
        }
        queue.add(new Event(time, seq++, action));
    }

    void after(long delay, Runnable action) {
        at(now + Math.max(0, delay), action);
    }

    /**
     * Runs events in order until none is due at or before {@code until} or {@code maxEvents} have run in all (counting
     * earlier calls). Leaves the clock at {@code until} when it got there. True unless stopped by the event bound.
     */
    boolean runUntil(long until, long maxEvents) {
        while (!queue.isEmpty() && queue.peek().time <= until) {
            if (processed >= maxEvents) {
                return false;
            }
            Event e = queue.poll();
            now = e.time;
            processed++;
            e.action.run();
        }
        now = Math.max(now, until);
        return true;
    }

    /**
     * Runs events in order while {@code keepGoing} holds, some event is due at or before {@code until}, and fewer than
     * {@code maxEvents} have run in all. True unless stopped by the event bound.
     */
    boolean runWhile(java.util.function.BooleanSupplier keepGoing, long until, long maxEvents) {
        while (keepGoing.getAsBoolean() && !queue.isEmpty() && queue.peek().time <= until) {
            if (processed >= maxEvents) {
                return false;
            }
            Event e = queue.poll();
            now = e.time;
            processed++;
            e.action.run();
        }
        return true;
    }

    /** Events run so far. */
    long processed() {
        return processed;
    }

    int pending() {
        return queue.size();
    }
}
