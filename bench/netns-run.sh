#!/bin/sh
# Runs a command (the migration bench) in a private network namespace whose loopback is shaped by
# tbf at BENCH_RATE (default 1gbit), so every byte between the registries and the copiers crosses
# a link of known rate. netem is not used: its qdisc is missing on these machines; tbf works.
# Where unshare or tc is refused, the command runs unshaped and BENCH_LINK says why.
# Usage: bench/netns-run.sh node -r ts-node/register/transpile-only bench/migration.ts [options]
set -u
RATE="${BENCH_RATE:-1gbit}"
export BENCH_RATE="$RATE"
if unshare -n true 2>/dev/null; then
  exec unshare -n sh -c '
    rate="$1"; shift
    if ! ip link set lo up 2>/dev/null; then
      BENCH_LINK="unshaped: could not bring up lo in the private network namespace"
    elif tc qdisc add dev lo root tbf rate "$rate" burst 1mb latency 50ms 2>/dev/null; then
      BENCH_LINK="tbf $rate on the loopback of a private network namespace (unshare -n)"
    else
      BENCH_LINK="unshaped: tc refused the tbf qdisc in the private network namespace"
    fi
    BENCH_NETNS=1 BENCH_LINK="$BENCH_LINK" exec "$@"
  ' sh "$RATE" "$@"
fi
echo "netns-run: unshare -n refused; running unshaped" >&2
BENCH_LINK="unshaped: unshare -n was refused (no private network namespace)" exec "$@"
