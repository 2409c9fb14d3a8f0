"""The ``evalkit`` command line."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from evalkit.config import REPORTS_DIR
from evalkit.errors import EvalkitError


def _build_panel(args: argparse.Namespace) -> int:
    # lazy: `import evalkit.cli` takes 0.04 s (`evalkit --help`); evalkit.panel adds 0.5 s
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
    # lazy: `import evalkit.cli` takes 0.04 s; the panel and render batch add 1.5 s
    from evalkit.panel import ensure_built, load_summary
    from evalkit.render.batch import render_city_reports
    from evalkit.render.render import check_render_options

    started = time.perf_counter()
    check_render_options(
        executor=args.executor, scheduler=args.scheduler, n_jobs=args.jobs, timeout=args.timeout
    )
    if ensure_built():
        print(
            "evalkit: data/processed/ was older than the raw inputs or the panel code, or was "
            "edited; rebuilt it from the raw inputs",
            file=sys.stderr,
        )
    options = {
        "executor": args.executor,
        "scheduler": args.scheduler,
        "n_jobs": args.jobs,
        "force": args.force,
        "progress": not args.quiet,
        "timeout": args.timeout,
    }
    output = Path(args.output)
    summary = render_city_reports(
        load_summary(),
        args.cities or None,
        output_dir=output,
        programme=args.programme,
        language=args.language,
        render_options=options,
    )
    print(summary.summary())
    print(f"rendered in {time.perf_counter() - started:.1f} s; index: {output / 'index.html'}")
    return 1 if summary.failed else 0


def _verify(args: argparse.Namespace) -> int:
    # lazy: `import evalkit.cli` takes 0.04 s; evalkit.render.verify adds 1.5 s
    from evalkit.render.verify import verify

    started = time.perf_counter()
    keep = Path(args.keep) if args.keep else None
    result = verify(Path(args.reports_dir), n_jobs=args.jobs, keep=keep)
    print(result.summary())
    print(f"verified in {time.perf_counter() - started:.1f} s; exit {result.exit_code}")
    return result.exit_code


def _extract(args: argparse.Namespace) -> int:
    # lazy: `import evalkit.cli` takes 0.04 s; evalkit.plans and extract_compare add 1.4 s
    from evalkit.plans import extract_reported, extract_targets
    from evalkit.plans.extract_compare import (
        REPORTED_MATCH,
        TARGET_MATCH,
        compare,
        comparison_report,
        registry_rows,
    )

    document = Path(args.file)
    if not document.is_file():
        raise EvalkitError(f"{document}: no such file; fix: pass the path of a UTF-8 text file")
    text = document.read_text(encoding="utf-8")
    source = args.source or document.name
    if args.command == "extract-targets":
        result = extract_targets(text, plan_id=args.plan_id, source=source, horizon=args.horizon)
        match = TARGET_MATCH
    else:
        result = extract_reported(
            text, unit_code=args.unit_code, unit_name=args.unit_name, year=args.year,
            plan_id=args.plan_id, source=source,
        )  # fmt: skip
        match = REPORTED_MATCH
    frame = result.tidy()
    if args.output:
        frame.to_csv(args.output, index=False, encoding="utf-8")
        print(f"{result.summary()}; written to {args.output} for review", file=sys.stderr)
    elif not args.compare:
        frame.to_csv(sys.stdout, index=False)
    if args.compare:
        plan_id = args.plan_id if args.command == "extract-targets" else ""
        truth = registry_rows(Path(args.compare), document, plan_id)
        print(comparison_report(compare(frame, truth, match), match))
    return 0


def _add_extract_commands(commands) -> None:
    targets = commands.add_parser(
        "extract-targets", help="read a plan document's targets into a targets.csv for review"
    )
    reported = commands.add_parser(
        "extract-reported", help="read a report's achieved figures into a reported.csv for review"
    )
    for sub in (targets, reported):
        sub.add_argument("file", help="the document as UTF-8 text")
        sub.add_argument("--plan-id", default="", help="written into plan_id")
        sub.add_argument("--source", default="", help="written into source (default: file name)")
        sub.add_argument("-o", "--output", help="CSV to write (default: stdout)")
        sub.add_argument(
            "--compare", metavar="CSV", help="registry file to compare with: misses, false hits"
        )
        sub.set_defaults(run=_extract)
    targets.add_argument("--horizon", type=int, help="year of targets without 到YYYY年")
    reported.add_argument("--unit-code", default="", help="6-digit code of the reporting unit")
    reported.add_argument("--unit-name", default="", help="name of the reporting unit")
    reported.add_argument("--year", type=int, help="year of figures whose sentence has none")


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
    render.add_argument("--output", default=str(REPORTS_DIR), help="default: reports/")
    render.set_defaults(run=_render)
    check = commands.add_parser(
        "verify", help="check reports against their inputs and a fresh re-execution"
    )
    check.add_argument("reports_dir", nargs="?", default="reports", help="default: reports/")
    check.add_argument("--jobs", type=int, default=2, help="reports re-executed at once")
    check.add_argument("--keep", help="write the re-run reports here (default: a temporary folder)")
    check.set_defaults(run=_verify)
    _add_extract_commands(commands)
    args = parser.parse_args(argv)
    return run_interruptible(args.run, args)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_interruptible(function, *args) -> int:
    """Run a command: one-line errors (exit 2), and Ctrl-C or SIGTERM exit 130 with one line.

    The render machinery cancels queued reports, stops running ones and removes temporary
    folders as the interrupt unwinds; the reports already on disk stay as they were.

    Examples
    --------
    >>> run_interruptible(lambda: 0)
    0

    """
    previous = signal.signal(signal.SIGTERM, _interrupted)
    try:
        return function(*args)
    except EvalkitError as error:
        print(f"evalkit: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "evalkit: interrupted; queued reports cancelled, running ones stopped, temporary "
            "folders removed; the reports on disk are the last complete ones",
            file=sys.stderr,
        )
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
