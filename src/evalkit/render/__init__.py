"""How reports are made: run parameterized notebooks, freeze and verify what they produced.

This package is the papermill-shaped machinery; what a report *says* lives in
:mod:`evalkit.report`. Imports only go downward: the render machinery may use the report
content (the index reads verdicts), never the other way round.

- :mod:`~evalkit.render.engine`, :mod:`~evalkit.render.render`, :mod:`~evalkit.render.batch`:
  execute notebooks in warm kernels and render a batch of reports atomically;
- :mod:`~evalkit.render.normalize`, :mod:`~evalkit.render.html`: byte-stable notebooks and
  HTML;
- :mod:`~evalkit.render.notebook`: the helpers a report notebook calls to show its output;
- :mod:`~evalkit.render.results`: the frozen ``results.json`` a report publishes;
- :mod:`~evalkit.render.provenance`, :mod:`~evalkit.render.verify`: the manifest and its check
  on a fresh machine;
- :mod:`~evalkit.render.replication`: the number -> code table of ``REPLICATION.md``;
- :mod:`~evalkit.render.index`, :mod:`~evalkit.render.index_data`,
  :mod:`~evalkit.render.index_figures`: the index pages;
- :mod:`~evalkit.render.browser`, :mod:`~evalkit.render.page_rules`: the headless Chromium
  check of rendered pages.
"""

from evalkit.render.results import load_results, publish_results

__all__ = ["load_results", "publish_results"]
