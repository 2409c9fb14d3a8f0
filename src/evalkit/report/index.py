"""The index page linking every city report with its headline estimates."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from evalkit.panel import indicator_label
from evalkit.util_io import write_text_atomic

_SORT_SCRIPT = """
<script>
document.querySelectorAll('th').forEach((th, col) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0];
  const rows = Array.from(body.rows);
  const asc = th.dataset.asc !== 'true'; th.dataset.asc = asc;
  const key = r => { const t = r.cells[col].dataset.sort ?? r.cells[col].innerText;
                     const n = parseFloat(t); return isNaN(n) ? t : n; };
  rows.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (asc ? 1 : -1));
  rows.forEach(r => body.appendChild(r));
}));
</script>
"""


def _cell(value: Any, digits: int = 3) -> str:
    if isinstance(value, float):
        return f'<td data-sort="{value!r}">{value:.{digits}f}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def _pooled_section(name: str, results: dict[str, Any]) -> str:
    """Return a link and an estimator-by-outcome table of a pooled report's results."""
    link = f"<h3><a href='{html.escape(name)}/report.html'>{html.escape(name)}</a></h3>"
    if "error" in results:
        return f"{link}<p>failed: {html.escape(str(results['error']))}</p>"
    rows = []
    for outcome, estimators in sorted(results.get(name, {}).items()):
        for estimator, value in estimators.items():
            if isinstance(value, dict) and "estimate" in value:
                rows.append(
                    f"<tr>{_cell(outcome)}{_cell(estimator)}{_cell(float(value['estimate']))}"
                    f"{_cell(float(value.get('std_error', float('nan'))))}</tr>"
                )
    if not rows:
        return link
    return (
        f"{link}<table><thead><tr><th>Outcome</th><th>Estimator</th><th>Estimate</th>"
        f"<th>SE</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def index_html(reports: dict[str, dict[str, Any]], *, title: str = "evalkit reports") -> str:
    """Return the index page for ``{city_code: results}`` (results as published by reports).

    Parameters
    ----------
    reports : dict
        For each report folder, its ``results.json`` content, or ``{"error": ...}`` when the
        report failed.
    title : str
        Page title.

    """
    rows, pooled = [], {}
    cities = sorted(name for name in reports if name.isdigit())
    others = "".join(_pooled_section(n, reports[n]) for n in sorted(reports) if not n.isdigit())
    for name in cities:
        results = reports[name]
        if "error" in results:
            rows.append(
                f"<tr><td>{html.escape(name)}</td><td colspan='6'>failed: "
                f"{html.escape(str(results['error']))}</td></tr>"
            )
            continue
        for headline in results.get("headlines", []):
            pooled[headline["outcome"]] = headline
            rows.append(
                "<tr>"
                f"<td><a href='{html.escape(name)}/report.html'>{html.escape(name)}</a></td>"
                f"{_cell(results.get('city_name', ''))}"
                f"{_cell(indicator_label(headline['outcome'], 'en'))}"
                f"{_cell(headline['city_estimate'])}"
                f"{_cell(headline['city_placebo_p_value'])}"
                f"{_cell(headline['city_placebo_rank'])}"
                f"{_cell(headline['n_placebos'] + 1)}"
                "</tr>"
            )
    pooled_rows = "".join(
        f"<tr>{_cell(indicator_label(outcome, 'en'))}{_cell(h['pooled_estimate'])}"
        f"{_cell(h['pooled_std_error'])}<td>[{h['pooled_conf_low']:.3f}, "
        f"{h['pooled_conf_high']:.3f}]</td>{_cell(h['pooled_p_value'])}"
        f"{_cell(h['pooled_n_clusters'])}</tr>"
        for outcome, h in sorted(pooled.items())
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;}}
table{{border-collapse:collapse;margin-bottom:2em;}}
td,th{{border:1px solid #ccc;padding:4px 8px;}} th{{cursor:pointer;background:#f4f4f4;}}</style>
</head><body>
<h1>{html.escape(title)}</h1>
<h2>Pooled TWFE DiD: Zhejiang cities vs other East China cities (SE clustered by city)</h2>
<table><thead><tr><th>Outcome</th><th>Estimate</th><th>SE</th><th>95% CI</th><th>p</th>
<th>Clusters</th></tr></thead><tbody>{pooled_rows}</tbody></table>
<h2>City reports (click a column to sort)</h2>
<table><thead><tr><th>City code</th><th>City</th><th>Outcome</th><th>City DiD</th>
<th>Placebo p</th><th>Rank</th><th>of</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2>Pooled analyses and the plan registry</h2>
{others}
{_SORT_SCRIPT}</body></html>
"""


def write_index(reports: dict[str, dict[str, Any]], path: Path) -> None:
    """Write the index page atomically."""
    write_text_atomic(path, index_html(reports))
