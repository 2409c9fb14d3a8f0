"""Batch rendering: a plain sequential papermill loop against ``evalkit render``.

In one run, the same 20 city reports (11 Zhejiang cities in Chinese, 9 in English) are
rendered (a) by a plain loop of ``papermill.execute_notebook`` plus nbconvert HTML, each in a
fresh kernel, and (b) by :func:`evalkit.render.render.render_batch` (warm kernels in two worker
processes, the pooled fits, placebo fits and cohort event study computed once per batch and
shared through :mod:`evalkit.memo`). Prints both wall times, the ratio, and whether every
report's results agree; then (c) renders the unchanged batch again (every report skipped by
its fingerprint). Target: (b) at least 8x faster than (a) with identical results, (c) under 3 s.

Run: ``.venv/bin/python benchmarks/render.py`` (about 3-4 minutes on 2 cores).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from evalkit.render.render import CITY_NOTEBOOK, render_batch

N_REPORTS = 20

# render_batch's worker processes are spawned, and a spawned process first imports its
# parent's main script (multiprocessing runs it as ``__mp_main__``). ``python -m evalkit
# render`` is exempt (a package's ``__main__`` is not re-run), so this script imports its own
# tools (papermill, nbconvert, the panel) inside the functions using them: at module level they
# would cost each worker of (b) about 3 s that ``evalkit render`` never pays.


def jobs() -> dict[str, dict]:
    """Twenty report jobs: every Zhejiang city in Chinese, then in English."""
    from evalkit.panel import load_summary
    from evalkit.render.batch import city_parameters, zhejiang_cities

    summary = load_summary()
    cities = zhejiang_cities(summary)
    specs = [(c, "zh") for c in cities] + [(c, "en") for c in cities]
    return {
        f"{code}-{language}": city_parameters(summary, code, language=language)
        for code, language in specs[:N_REPORTS]
    }


def plain_loop(batch: dict[str, dict], output: Path) -> dict[str, dict]:
    """Render every job with papermill in a fresh kernel, then nbconvert to HTML."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from evalkit.render.results import extract_results

    exporter = HTMLExporter(exclude_input=True)
    results = {}
    for name, parameters in batch.items():
        executed = papermill.execute_notebook(
            str(CITY_NOTEBOOK),
            str(output / f"{name}.ipynb"),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
        )
        executed = nbformat.from_dict(executed)
        body, _ = exporter.from_notebook_node(executed)
        (output / f"{name}.html").write_text(body, encoding="utf-8")
        results[name] = extract_results(executed)
    return results


def main() -> None:
    """Time both ways in this process and print the ratio."""
    from evalkit.panel import ensure_built
    from evalkit.report.counterfactuals import ensure_counterfactuals

    ensure_built()
    ensure_counterfactuals()  # the batch precompute, outside both timings (as evalkit render)
    batch = jobs()
    with tempfile.TemporaryDirectory() as plain_dir, tempfile.TemporaryDirectory() as fast_dir:
        started = time.perf_counter()
        plain = plain_loop(batch, Path(plain_dir))
        plain_seconds = time.perf_counter() - started
        started = time.perf_counter()
        summary = render_batch(batch, output_dir=Path(fast_dir), force=True, progress=False)
        fast_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = render_batch(batch, output_dir=Path(fast_dir), progress=False)
        warm_seconds = time.perf_counter() - started
    fast = {o.name: o.results for o in summary.outcomes}
    identical = json.dumps(plain, sort_keys=True) == json.dumps(fast, sort_keys=True)
    print(f"reports                     : {len(batch)}")
    per_plain, per_fast = plain_seconds / len(batch), fast_seconds / len(batch)
    print(f"(a) plain papermill loop    : {plain_seconds:7.1f} s  ({per_plain:.2f} s/report)")
    print(f"(b) evalkit render (2 warm) : {fast_seconds:7.1f} s  ({per_fast:.2f} s/report)")
    print(f"speed-up (a)/(b)            : {plain_seconds / fast_seconds:7.2f}x  (target >= 8x)")
    print(f"failed in (b)               : {len(summary.failed)}")
    print(f"identical results           : {identical}")
    print(
        f"(c) unchanged batch again   : {warm_seconds:7.2f} s  ({len(again.skipped)} of "
        f"{len(batch)} skipped; target < 3 s)"
    )


if __name__ == "__main__":
    main()
