#!/usr/bin/env bash
# Bitswap on loopback, each figure beside baselines from the same round (the machine is shared):
# a plain TCP copy; Cairn -> Cairn (one session, 64 blocks in flight; and through UnixFsReader); and, with the JS
# harness, Cairn -> Helia, Helia -> Cairn and Helia -> Helia for the same file (same CID on both sides).
# Usage: bench/scripts/bitswap-throughput.sh [MIB] [ROUNDS]    Environment: JAVA (default: java on the PATH).
# Needs bench/target/benchmarks.jar (mvn -q -pl bench -am package -DskipTests) and the JS harness installed by the
# test suite in .cairn-build/interop-js (any interop test, e.g. HeliaBitswapInteropIT). Binds 127.0.0.1 only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mib="${1:-256}"
rounds="${2:-2}"
java="${JAVA:-java}"
jar="$root/bench/target/benchmarks.jar"

[[ -f "$jar" ]] || { echo "bitswap-throughput: build first: mvn -q -pl bench -am package -DskipTests" >&2; exit 1; }
# The whole file sits in memory up to four times (source bytes, served store, Helia's and the fetcher's copies).
timeout 1800 "$java" -Xmx$((mib * 4 + 512))m -cp "$jar" io.cairn.bench.BitswapThroughput "$mib" "$rounds" \
    "$root/.cairn-build/interop-js"
