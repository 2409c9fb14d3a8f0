"""Regenerate (``--write``) or check (``--check``) the figure/table map in REPLICATION.md.

The table comes from the report notebooks' jupytext twins (see
:mod:`evalkit.render.replication`); ``tests/test_replication.py`` runs the check.
"""

from __future__ import annotations

import argparse
import sys

from evalkit.config import PROJECT_ROOT
from evalkit.render.replication import replace_table, replication_table

REPLICATION_MD = PROJECT_ROOT / "REPLICATION.md"


def main() -> int:
    """Write or check the table; exit 1 when ``--check`` finds it stale."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if REPLICATION.md is stale")
    args = parser.parse_args()
    document = REPLICATION_MD.read_text(encoding="utf-8")
    updated = replace_table(document, replication_table())
    if args.check:
        if updated != document:
            print("REPLICATION.md is stale: run python scripts/replication_table.py")
            return 1
        print("REPLICATION.md table up to date")
        return 0
    REPLICATION_MD.write_text(updated, encoding="utf-8")
    print(f"wrote the table into {REPLICATION_MD.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
