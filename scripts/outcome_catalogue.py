"""Write (default) or check (``--check``) the outcome catalogue table in README.md.

The table (target -> proxy -> sign -> years) is generated from the catalogue's data files by
:func:`evalkit.plans.catalogue_table.catalogue_markdown`, between the README's
``<!-- outcome-catalogue:start -->`` and ``<!-- outcome-catalogue:end -->`` markers; it is
never typed by hand.
"""

from __future__ import annotations

import argparse
import re
import sys

from evalkit.config import PROJECT_ROOT
from evalkit.panel import load
from evalkit.plans.catalogue_table import catalogue_markdown

README = PROJECT_ROOT / "README.md"
START, END = "<!-- outcome-catalogue:start -->", "<!-- outcome-catalogue:end -->"


def main() -> int:
    """Write or check the table; exit 1 when ``--check`` finds it stale or markers missing."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    args = parser.parse_args()
    document = README.read_text(encoding="utf-8")
    block = re.compile(re.escape(START) + r".*?" + re.escape(END), flags=re.S)
    if not block.search(document):
        print(f"README.md: markers {START} ... {END} not found; fix: add them where the table goes")
        return 1
    table = f"{START}\n{catalogue_markdown(load())}\n{END}"
    updated = block.sub(lambda _: table, document)
    if args.check:
        if updated != document:
            print("README.md catalogue is stale: run python scripts/outcome_catalogue.py")
            return 1
        print("README.md catalogue up to date")
        return 0
    README.write_text(updated, encoding="utf-8")
    print(f"wrote the outcome catalogue ({table.count(chr(10)) - 1} lines) into {README.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
