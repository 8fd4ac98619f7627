package io.cairn.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/** Reading values out of a Prometheus text scrape, for tests. */
public final class Scrapes {
    private Scrapes() {}

    /**
     * The value of the sample named {@code name} whose labels include every {@code key="value"} pair given (in any
     * order), or empty when there is none.
     */
    public static OptionalDouble value(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelPart = close < 0 ? "" : line.substring(name.length(), close + 1);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                if (!labelPart.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    all = false;
                    break;
                }
            }
            if (all) {
                String rest = line.substring(close < 0 ? name.length() : close + 1).trim();
                return OptionalDouble.of(Double.parseDouble(rest.split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * Polls {@code scrape} until every expectation holds or 5 s pass; returns the last scrape. Servers count a
     * request when its last byte is written, which may be just after the client has read it.
     */
    public static String await(Supplier<String> scrape, List<Expectation> expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String text = scrape.get();
        while (System.nanoTime() < deadline) {
            List<Expectation> unmet = new ArrayList<>();
            for (Expectation e : expected) {
                OptionalDouble v = value(text, e.name(), e.labels());
                if (v.isEmpty() || v.getAsDouble() != e.value()) {
                    unmet.add(e);
                }
            }
            if (unmet.isEmpty()) {
                return text;
            }
            Thread.sleep(20);
            text = scrape.get();
        }
        return text;
    }

    /** A sample expected to have {@code value}. */
    public record Expectation(String name, double value, String... labels) {}
}
