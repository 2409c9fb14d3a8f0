"""The ``evalkit`` command line."""

from __future__ import annotations

import argparse
import sys
import time

from evalkit.errors import EvalkitError


def _build_panel(args: argparse.Namespace) -> int:
    from evalkit.panel import ensure_built, load_summary

    started = time.perf_counter()
    rebuilt = ensure_built(args.data_dir)
    summary = load_summary()
    state = "built" if rebuilt else "up to date (no input or code changed)"
    print(
        f"panel {state}: {len(summary['units'])} units, {len(summary['indicators'])} "
        f"indicators, {summary['years'][0]}-{summary['years'][1]}, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


def _render(args: argparse.Namespace) -> int:
    from evalkit.panel import load_summary
    from evalkit.report.batch import render_city_reports

    started = time.perf_counter()
    options = {
        "executor": args.executor,
        "scheduler": args.scheduler,
        "n_jobs": args.jobs,
        "force": args.force,
        "progress": not args.quiet,
        "timeout": args.timeout,
    }
    summary = render_city_reports(
        load_summary(),
        args.cities or None,
        programme=args.programme,
        language=args.language,
        render_options=options,
    )
    print(summary.summary())
    print(f"rendered in {time.perf_counter() - started:.1f} s; index: reports/index.html")
    return 1 if summary.failed else 0


def _verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from evalkit.report.verify import verify

    started = time.perf_counter()
    result = verify(Path(args.reports_dir), n_jobs=args.jobs, keep=args.keep)
    print(result.summary())
    print(f"verified in {time.perf_counter() - started:.1f} s; exit {result.exit_code}")
    return result.exit_code


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors in the user's input print one line, no traceback."""
    parser = argparse.ArgumentParser(prog="evalkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-panel", help="build data/processed/panel.parquet")
    build.add_argument("--data-dir", help="raw data directory (default: $EVALKIT_DATA_DIR)")
    build.set_defaults(run=_build_panel)
    render = commands.add_parser("render", help="render the city reports and the index")
    render.add_argument(
        "--cities", nargs="*", help="city codes (default: every treated city of --programme)"
    )
    render.add_argument(
        "--programme",
        default="zj_growth_plan",
        choices=["zj_growth_plan", "liangchuang_demo"],
        help="design of the city reports (default: the Zhejiang growth plan)",
    )
    render.add_argument("--language", default="zh", choices=["zh", "en"])
    render.add_argument("--quiet", action="store_true", help="no progress bar")
    render.add_argument("--executor", default="local", choices=["local", "dask"])
    render.add_argument("--scheduler", help="Dask scheduler address, with --executor dask")
    render.add_argument("--jobs", type=int, default=2, help="local worker processes")
    render.add_argument("--force", action="store_true", help="re-render unchanged reports too")
    render.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    render.set_defaults(run=_render)
    check = commands.add_parser(
        "verify", help="check reports against their inputs and a fresh re-execution"
    )
    check.add_argument("reports_dir", nargs="?", default="reports", help="default: reports/")
    check.add_argument("--jobs", type=int, default=2, help="reports re-executed at once")
    check.add_argument("--keep", help="write the re-run reports here (default: a temporary folder)")
    check.set_defaults(run=_verify)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except EvalkitError as error:
        print(f"evalkit: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
