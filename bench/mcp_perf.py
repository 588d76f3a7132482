#!/usr/bin/env python3
"""Tool-call latency of `peerethics mcp`, through the MCP SDK's own client over stdio.

    python bench/mcp_perf.py                    # bundled codes: median and p95 per call
    python bench/mcp_perf.py --big              # and at +50,400 principles (3,600 copies of NE)
    python bench/mcp_perf.py --src /tmp/old/src # another source tree (before/after a change)
    python bench/mcp_perf.py --src /tmp/old/src --src src   # both, their calls interleaved

Every round calls ping, search, show and verify_quote one after another on one server (the calls
interleaved, so a busy machine slows them alike), after warm-up calls; with several --src, on
one server of each tree, round after round, so a before/after pair meets the same load. The
ratios to ping are what to compare: ping is the protocol's own cost, so `search / ping` is what
an answer adds.
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


async def measure(envs: list[dict[str, str]], data_dir: str | None, rounds: int,
                  warmup: int) -> list[dict[str, list[float]]]:
    """Samples per call for one server per environment (a source tree each), interleaved."""
    from contextlib import AsyncExitStack

    from mcp import ClientSession, StdioServerParameters, stdio_client

    args = ["-m", "peerethics", *(["--data-dir", data_dir] if data_dir else []), "mcp"]
    samples: list[dict[str, list[float]]] = [{name: [] for name in CALLS} for _ in envs]
    with open(os.devnull, "w") as errlog:
        async with AsyncExitStack() as stack:
            sessions = []
            for env in envs:
                params = StdioServerParameters(command=sys.executable, args=args, env=env)
                read, write = await stack.enter_async_context(stdio_client(params, errlog=errlog))
                session = await stack.enter_async_context(ClientSession(read, write))
                await session.initialize()
                sessions.append(session)
            for i in range(warmup + rounds):
                for session, taken in zip(sessions, samples, strict=True):
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
                            taken[name].append(time.perf_counter() - start)
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
    parser.add_argument("--src", action="append", default=[],
                        help="a source tree to run instead of the installed one (repeat it: "
                             "each tree's server in turn, round after round)")
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k != "PEERETHICS_DATA"}
    trees = [os.path.abspath(src) for src in args.src] or [None]
    with tempfile.TemporaryDirectory() as tmp:
        base["PEERETHICS_CACHE_DIR"] = str(Path(tmp) / "cache")
        envs = [{**base, **({"PYTHONPATH": tree} if tree else {})} for tree in trees]
        names = [f" ({tree})" if tree else "" for tree in trees]
        for name, samples in zip(names, anyio.run(measure, envs, None, args.rounds,
                                                  args.warmup), strict=True):
            report(f"bundled codes, {args.rounds} rounds{name}", samples)
        if args.big:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from perf import make_copies

            folder = Path(tmp) / "copies"
            added = make_copies(folder, 3600)
            rounds = max(args.rounds // 4, 20)
            for name, samples in zip(names, anyio.run(measure, envs, str(folder), rounds, 3),
                                     strict=True):
                report(f"+{added:,} principles, {rounds} rounds{name}", samples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
