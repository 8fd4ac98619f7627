package io.cairn.testnet.sim;

import java.util.List;

/**
 * Everything one run at one network size measured.
 *
 * @param scenarios the find-provider scenarios run, in {@link Scenario} order
 * @param provideCosts per provide strategy, in the config's order (empty without {@link Scenario#BASELINE})
 * @param publishMillis single-CID publication times with the first strategy (empty without the baseline)
 * @param survival null without {@link Scenario#SURVIVAL}
 */
public record SimReport(int nodes, long seed, List<ScenarioResult> scenarios, List<ProvideCost> provideCosts,
        Distribution publishMillis, SurvivalResult survival, long wallMillis) {
    public SimReport {
        scenarios = List.copyOf(scenarios);
        provideCosts = List.copyOf(provideCosts);
    }

    /** The result of {@code s}, or null when it was not run. */
    public ScenarioResult scenario(Scenario s) {
        return scenarios.stream().filter(r -> r.scenario() == s).findFirst().orElse(null);
    }
}
