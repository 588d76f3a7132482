#!/usr/bin/env python3
"""Tool-call latency of `peerethics mcp`, through the MCP SDK's own client over stdio.

    python bench/mcp_perf.py                    # bundled codes: median and p95 per call
    python bench/mcp_perf.py --big              # and at +50,400 principles (3,600 copies of NE)
    python bench/mcp_perf.py --src /tmp/old/src # another source tree (before/after a change)

Every round calls ping, search, show and verify_quote one after another on one server (the calls
interleaved, so a busy machine slows them alike), after warm-up calls. The ratios to ping are
what to compare: ping is the protocol's own cost, so `search / ping` is what an answer adds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CALLS: dict[str, tuple[str, dict[str, Any]] | None] = {
    "ping": None,
    "search": ("search", {"query": "a client offered to buy me lunch", "limit": 5}),
    "show": ("show", {"ids": ["MO-13"]}),
    "verify_quote": ("verify_quote", {"quote": "will not enter into dual relationships"}),
}


async def measure(env: dict[str, str], data_dir: str | None, rounds: int,
                  warmup: int) -> dict[str, list[float]]:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    args = ["-m", "peerethics", *(["--data-dir", data_dir] if data_dir else []), "mcp"]
    params = StdioServerParameters(command=sys.executable, args=args, env=env)
    samples: dict[str, list[float]] = {name: [] for name in CALLS}
    with open(os.devnull, "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            for i in range(warmup + rounds):
                for name, call in CALLS.items():
                    start = time.perf_counter()
                    if call is None:
                        await session.send_ping()
                    else:
                        result = await session.call_tool(*call)
                        if result.is_error and i == 0:  # timed all the same; said once
                            print(f"  ({name} answered with an error: "
                                  f"{result.content[0].text[:100]})")  # type: ignore[union-attr]
                    if i >= warmup:
                        samples[name].append(time.perf_counter() - start)
    return samples


def report(title: str, samples: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    ping = statistics.median(samples["ping"])
    for name, values in samples.items():
        values = sorted(values)
        median = statistics.median(values)
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(f"  {name:<14} median {median * 1000:7.2f} ms  p95 {p95 * 1000:7.2f} ms  "
              f"median/ping {median / ping:6.1f}x  (+{(median - ping) * 1000:.2f} ms)")


def main() -> int:
    import anyio

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--big", action="store_true", help="also at +50,400 principles")
    parser.add_argument("--src", help="a source tree to run instead of the installed one")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PEERETHICS_DATA"}
    if args.src:
        env["PYTHONPATH"] = os.path.abspath(args.src)
    with tempfile.TemporaryDirectory() as tmp:
        env["PEERETHICS_CACHE_DIR"] = str(Path(tmp) / "cache")
        report(f"bundled codes, {args.rounds} rounds",
               anyio.run(measure, env, None, args.rounds, args.warmup))
        if args.big:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from perf import make_copies

            folder = Path(tmp) / "copies"
            added = make_copies(folder, 3600)
            rounds = max(args.rounds // 4, 20)
            report(f"+{added:,} principles, {rounds} rounds",
                   anyio.run(measure, env, str(folder), rounds, 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
