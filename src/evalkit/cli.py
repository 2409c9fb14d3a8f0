"""The ``evalkit`` command line."""

from __future__ import annotations

import argparse
import sys
import time

from evalkit.errors import EvalkitError


def _build_panel(args: argparse.Namespace) -> int:
    from evalkit.panel import build

    started = time.perf_counter()
    panel = build(args.data_dir)
    print(
        f"panel: {len(panel.frame)} rows, {len(panel.units)} units, "
        f"{len(panel.indicators)} indicators in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _render(args: argparse.Namespace) -> int:
    from evalkit.panel import load
    from evalkit.report.batch import render_city_reports

    started = time.perf_counter()
    summary = render_city_reports(
        load(), args.cities or None, language=args.language, progress=not args.quiet
    )
    print(summary.summary())
    print(f"rendered in {time.perf_counter() - started:.1f} s; index: reports/index.html")
    return 1 if summary.failed else 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors in the user's input print one line, no traceback."""
    parser = argparse.ArgumentParser(prog="evalkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-panel", help="build data/processed/panel.parquet")
    build.add_argument("--data-dir", help="raw data directory (default: $EVALKIT_DATA_DIR)")
    build.set_defaults(run=_build_panel)
    render = commands.add_parser("render", help="render the city reports and the index")
    render.add_argument("--cities", nargs="*", help="city codes (default: all Zhejiang cities)")
    render.add_argument("--language", default="zh", choices=["zh", "en"])
    render.add_argument("--quiet", action="store_true", help="no progress bar")
    render.set_defaults(run=_render)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except EvalkitError as error:
        print(f"evalkit: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
