"""Load test of `healthmod serve`: a bounded number of concurrent POST /v1/check requests over loopback.

Starts `healthmod serve --host 127.0.0.1 --port 0` (a free port on loopback; it never targets any other
host), waits for /healthz, then sends --requests requests, --concurrency at a time, with httpx, cycling
through our demo articles (examples/articles: text, Markdown and HTML). Reports requests per second,
latency percentiles, the status codes and the error count; --json prints the same as one JSON object.

    python benchmarks/load_test.py [--requests 200] [--concurrency 8] [--timeout 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "examples" / "articles"
HOST = "127.0.0.1"  # the only host this script talks to


def payloads() -> list[dict[str, str]]:
    out = []
    for path in sorted(ARTICLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".html", ".htm"):
            out.append({"html": text, "id": path.name})
        elif path.suffix in (".md", ".markdown"):
            out.append({"text": text, "format": "markdown", "id": path.name})
        elif path.suffix == ".txt":
            out.append({"text": text, "format": "text", "id": path.name})
    return out


def start_server(timeout_s: float, extra: list[str]) -> tuple[subprocess.Popen[str], str]:
    cmd = [sys.executable, "-m", "healthmod.cli", "serve", "--host", HOST, "--port", "0", "--log-level", "warning"]
    cmd += ["--timeout", str(timeout_s), *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(rf"page (http://{re.escape(HOST)}:\d+/)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"healthmod serve did not start: {line!r}")
    url = match.group(1)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("healthmod serve did not answer /healthz")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def load(url: str, n: int, concurrency: int, client_timeout: float) -> dict[str, object]:
    bodies = payloads()
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    semaphore = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=url, timeout=client_timeout, limits=limits) as client:
        # One request first, so the first timings do not include lazy start-up work.
        await client.post("/v1/check", json=bodies[0])

        async def one(i: int) -> None:
            async with semaphore:
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/check", json=bodies[i % len(bodies)])
                    status = str(response.status_code)
                    if response.status_code == 200 and response.json().get("status") != "ok":
                        status = f"200 {response.json().get('status')}"
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                latencies.append(time.perf_counter() - started)
                statuses[status] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        elapsed = time.perf_counter() - started
    ms = [v * 1000 for v in latencies]
    return {
        "requests": n,
        "concurrency": concurrency,
        "seconds": round(elapsed, 3),
        "requests_per_second": round(n / elapsed, 2),
        "latency_ms": {
            "mean": round(statistics.fmean(ms), 1),
            "p50": round(percentile(ms, 0.50), 1),
            "p90": round(percentile(ms, 0.90), 1),
            "p99": round(percentile(ms, 0.99), 1),
            "max": round(max(ms), 1),
        },
        "status": dict(statuses),
        "errors": sum(c for s, c in statuses.items() if s != "200"),
        "articles": len(bodies),
        "article_bytes_mean": round(statistics.fmean(len(json.dumps(b)) for b in bodies)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's time budget per check (s)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args()
    if not (1 <= args.requests <= 100_000 and 1 <= args.concurrency <= 256):
        parser.error("--requests must be 1..100000 and --concurrency 1..256")
    proc, url = start_server(args.timeout, [])
    try:
        result = asyncio.run(load(url, args.requests, args.concurrency, client_timeout=args.timeout * 10))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    result["url"] = url
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    lat = result["latency_ms"]
    print(
        f"{result['requests']} requests, {result['concurrency']} at a time, to {url}v1/check "
        f"({result['articles']} demo articles, {result['article_bytes_mean']} bytes of JSON on average)\n"
        f"  {result['requests_per_second']} requests/s over {result['seconds']} s\n"
        f"  latency ms: mean {lat['mean']}, p50 {lat['p50']}, p90 {lat['p90']}, p99 {lat['p99']}, max {lat['max']}\n"
        f"  status: {result['status']}; errors: {result['errors']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
