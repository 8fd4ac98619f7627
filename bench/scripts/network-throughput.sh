#!/usr/bin/env bash
# Network figures on loopback, each beside a baseline from the same run (the machine is shared):
#   1. one stream between two Cairn hosts (TCP + Noise + Yamux) vs a plain TCP socket copy in the same JVM,
#      alternating per round (io.cairn.bench.NetworkThroughput stream);
#   2. one stream between two js-libp2p 3 nodes (interop/js/bench-pair.mjs), the same bytes, same rounds;
#   3. connection setup (TCP + Noise + Yamux + identify) between two Cairn hosts: p50/p99 over DIALS dials.
# Usage: bench/scripts/network-throughput.sh [MIB] [ROUNDS]    Environment: DIALS (default 1000).
# Needs bench/target/benchmarks.jar (mvn -q -pl bench -am package -DskipTests) and the JS harness installed
# by the test suite in .cairn-build/interop-js (mvn verify, or any interop test). Binds 127.0.0.1 only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mib="${1:-256}"
rounds="${2:-3}"
dials="${DIALS:-1000}"
jar="$root/bench/target/benchmarks.jar"
js="$root/.cairn-build/interop-js"

[[ -f "$jar" ]] || { echo "network-throughput: build first: mvn -q -pl bench -am package -DskipTests" >&2; exit 1; }
echo "== Cairn stream vs plain TCP (same JVM, alternating)"
timeout 900 java -Xmx512m -cp "$jar" io.cairn.bench.NetworkThroughput stream "$mib" "$rounds"
if [[ -x "$js/node_modules/node/bin/node" ]]; then
    echo "== js-libp2p stream (two Node processes), MB/s"
    timeout 900 "$js/node_modules/node/bin/node" "$js/bench-pair.mjs" "$mib" "$rounds"
else
    echo "== js-libp2p baseline skipped: $js not installed (run the test suite once)"
fi
echo "== connection setup"
timeout 900 java -Xmx256m -cp "$jar" io.cairn.bench.NetworkThroughput dial "$dials"
