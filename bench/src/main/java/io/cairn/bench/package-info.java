/**
 * Performance measurements of Cairn's import path, run from {@code bench/target/benchmarks.jar}: JMH benchmarks
 * that put the importer and the chunkers beside the JDK's own single-thread SHA-256 over the same bytes, and
 * {@link io.cairn.bench.Sha256File}, the baseline that {@code bench/scripts/add-throughput.sh} times against
 * {@code cairn add -n}. Nothing here is timed in tests: figures are only meaningful next to a baseline measured in
 * the same run, because the machine is shared.
 */
package io.cairn.bench;
