"""Time a cold build of the whole raw directory and a warm (nothing changed) rebuild.

Cold: empty output and cache folders, every file read. Cached: inputs unchanged but the
panel forced to rebuild from the per-file cache. Warm: nothing changed, the panel is read
back. Targets: cold < 60 s, warm < 2 s on 2 cores. Output goes to a temporary folder.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path

from evalkit.panel import build


def timed(**options) -> float:
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(**options)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder)
        cold = timed(output_dir=output)
        cached = timed(output_dir=output, force=True)
        warm = timed(output_dir=output)
    print(f"cold build (no cache)          : {cold:6.2f} s  (target < 60 s)")
    print(f"rebuild from per-file cache    : {cached:6.2f} s  ({cold / cached:5.1f}x faster)")
    print(f"warm build (nothing changed)   : {warm:6.2f} s  ({cold / warm:5.1f}x faster, "
          "target < 2 s)")  # fmt: skip


if __name__ == "__main__":
    main()
