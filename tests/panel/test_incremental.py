"""Rebuilding after one raw file changed re-reads only that file (cache keyed by content)."""

from __future__ import annotations

import importlib
import shutil
import warnings
from collections import Counter

from evalkit.config import data_dir
from evalkit.panel import build

build_module = importlib.import_module("evalkit.panel.build")  # the package re-exports build()

NIGHT_LIGHTS = "remote_sensing/ntl_sum_of_lights_by_city.csv"


def test_only_the_changed_file_is_read_again(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(data_dir(), raw)
    output = tmp_path / "processed"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = build(raw, output_dir=output)

        calls: Counter[str] = Counter()
        for relative, reader in list(build_module.READERS.items()):

            def counting(path, name, _reader=reader):
                calls[name] += 1
                return _reader(path, name)

            monkeypatch.setitem(build_module.READERS, relative, counting)

        with (raw / NIGHT_LIGHTS).open("a", encoding="utf-8") as stream:
            stream.write("\n")  # new content hash, same data
        second = build(raw, output_dir=output)

    assert calls == Counter({NIGHT_LIGHTS: 1})
    assert second.frame.equals(first.frame)
