package io.cairn.testnet.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario did, for a person and for a test: a title, a few context lines (seed, which nodes), every timed
 * step it reached in order, and summary lines. It passed when it reached at least one step and every step passed.
 */
public final class ScenarioReport {
    /** One timed step. */
    public record Step(String name, Duration took, boolean passed, String detail) {
    }

    private final String title;
    private final List<String> context = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();

    ScenarioReport(String title) {
        this.title = title;
    }

    void context(String line) {
        context.add(line);
    }

    /** Adds a step and returns whether it passed, so a scenario can stop at the first failure. */
    boolean step(String name, long startNanos, boolean passed, String detail) {
        steps.add(new Step(name, Duration.ofNanos(System.nanoTime() - startNanos), passed, detail));
        return passed;
    }

    void summary(String line) {
        summary.add(line);
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public boolean passed() {
        return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
    }

    /** One line per step between the title with its context and the summary, then PASS or FAIL. */
    public String format() {
        StringBuilder b = new StringBuilder("scenario ").append(title).append('\n');
        context.forEach(l -> b.append("  ").append(l).append('\n'));
        for (Step s : steps) {
            b.append(String.format("  %-4s %-44s %8.2f s  %s%n", s.passed() ? "ok" : "FAIL", s.name(),
                    s.took().toMillis() / 1000.0, s.detail()));
        }
        summary.forEach(l -> b.append("  ").append(l).append('\n'));
        return b.append(passed() ? "PASS" : "FAIL").append('\n').toString();
    }
}
