"""Paired, interleaved timing: baseline and candidate run alternately, a ratio per pair.

A shared machine's speed drifts by tens of percent within a minute; timing the baseline and the
candidate back to back, in alternating order, and taking the ratio of each pair cancels most of
it. A comparison reports the median ratio over the pairs and its spread (lowest and highest
ratio). Results are written to benchmarks/results/NAME.json with a description of the machine.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
PACKAGES = ["clusterkg", "rdflib", "pyoxigraph", "oxrdflib", "pyshacl", "networkx", "pyvis"]


def machine() -> dict:
    """Cores, memory, CPU model, Python and package versions of this machine."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")), None)
    memory_kb = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal:")), 0)
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cores": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}", "packages": versions,
    }


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def peak_resident_mb(pid: int | str = "self") -> float:
    """The highest resident memory of process `pid` (default: this one) so far (VmHWM), in MB."""
    for line in _lines(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_command(argv: list[str], env: dict | None = None) -> float:
    """Wall-clock seconds of one whole process (output discarded); fails loudly if it fails."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def summary(baseline: list[float], candidate: list[float]) -> dict:
    """Medians of each side and the ratio candidate ÷ baseline of each pair, its median and spread."""
    ratios = [c / b for b, c in zip(baseline, candidate)]
    return {
        "pairs": len(ratios), "baseline_median": statistics.median(baseline),
        "candidate_median": statistics.median(candidate), "ratios": ratios,
        "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
    }


def compare_commands(baseline: list[str], candidate: list[str], pairs: int, env: dict | None = None) -> dict:
    """Time two commands `pairs` times, alternating which goes first, after one warm-up run of each."""
    time_command(baseline, env), time_command(candidate, env)  # warm the file cache, build any store
    base_times, cand_times = [], []
    for number in range(pairs):
        if number % 2:
            cand_times.append(time_command(candidate, env))
            base_times.append(time_command(baseline, env))
        else:
            base_times.append(time_command(baseline, env))
            cand_times.append(time_command(candidate, env))
    return summary(base_times, cand_times)


def write_result(name: str, payload: dict) -> Path:
    """benchmarks/results/NAME.json: the payload with the machine and the time of the run."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    document = {"benchmark": name, "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "machine": machine(), **payload}
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio_cell(stats: dict) -> str:
    """`1.8× (1.6–2.1)`: the median ratio of the pairs and its spread."""
    return f"{stats['ratio_median']:.2f}× ({stats['ratio_min']:.2f}–{stats['ratio_max']:.2f})"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def describe_machine(info: dict) -> str:
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items() if version)
    return (f"{info['cores']} cores ({info['cpu']}), {info['memory_gb']} GB, Python {info['python']}, "
            f"load average {info['load_average'][0]} at the start; {packages}")
