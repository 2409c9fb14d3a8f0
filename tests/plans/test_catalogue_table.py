"""The outcome catalogue as a table (zh/en), the README block, and flagged-code reasons."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd

from evalkit.config import PROJECT_ROOT
from evalkit.plans.catalogue_table import catalogue_markdown, catalogue_table
from evalkit.plans.flag_reasons import flag_list, flag_reason_counts
from evalkit.plans.outcomes import NEEDS_ADMIN

CATALOGUE = pd.DataFrame({
    "indicator": ["new_smf", "individual_to_enterprise", "new_smf_loans"],
    "indicator_zh": ["新增小微企业", "个体工商户转型升级为企业", "新增小微企业贷款"],
    "proxies": ["", "individual_worker_share", "loans;loans_to_gdp"],
    "transformation": ["", "individual_worker_share: share", "loans: log; loans_to_gdp: ratio"],
    "expected_sign": [pd.NA, -1, 1],
    "years": ["", "1998-2018", "2003-2023; 2003-2023"],
    "status": [NEEDS_ADMIN, "proxy", "proxy"],
})  # fmt: skip


def test_catalogue_table_puts_proxied_targets_first_with_sign_in_words():
    zh = catalogue_table(None, "zh", catalogue=CATALOGUE)
    assert zh.columns.tolist() == ["计划目标", "面板代理指标", "变换", "计划有效时的预期方向",
                                   "覆盖年份", "状态"]  # fmt: skip
    assert zh["计划目标"].tolist() == [
        "个体工商户转型升级为企业",
        "新增小微企业贷款",
        "新增小微企业",
    ]
    assert zh["计划有效时的预期方向"].tolist() == ["下降（−1）", "上升（+1）", "—"]
    assert zh["变换"].tolist() == ["占比", "对数；比率", "—"]
    assert zh["覆盖年份"].tolist() == ["1998-2018", "2003-2023", "—"]
    assert zh["状态"].tolist() == ["有代理指标", "有代理指标", "需要行政数据"]
    en = catalogue_table(None, "en", catalogue=CATALOGUE)
    assert not any(
        re.search(r"[\u4e00-\u9fff]", str(v)) for v in en.iloc[:, [0, 2, 3, 5]].values.ravel()
    )


def test_catalogue_markdown_lists_proxied_rows_and_counts_the_rest():
    lines = catalogue_markdown(None, catalogue=CATALOGUE).splitlines()
    assert lines[0].startswith("| Plan target | Panel proxy |")
    rows = [line for line in lines[2:] if line.startswith("| ")]
    assert len(rows) == 2 and all(("(+1)" in row) != ("(−1)" in row) for row in rows)
    assert "1 further targets have no panel proxy (needs administrative data):" in lines


def test_readme_catalogue_is_current():
    command = [sys.executable, "scripts/outcome_catalogue.py", "--check"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "README.md catalogue up to date"


def test_flag_reasons_are_counted_per_kind_and_listed_in_the_language():
    flags = pd.DataFrame({
        "unit_name": ["江苏省", "浦东新区", "清江浦区", "某地"], "file": ["plans.csv"] * 4,
        "reason": ["province-level row: covers the panel cities of the province",
                   "sub-city unit of panel city 310000: mapped only with map_districts=True",
                   "sub-city unit of panel city 320800: mapped only with map_districts=True",
                   "valid code outside the panel's unit list"],
    })  # fmt: skip
    counts = flag_reason_counts(flags, "zh")
    assert counts.values.tolist() == [["面板城市下辖的县区：仅在按县区映射时计入", 2],
                                      ["有效代码，但不在面板单位表中", 1],
                                      ["省级行：覆盖该省的面板城市", 1]]  # fmt: skip
    assert int(counts["代码数"].sum()) == len(flags)
    listed = flag_list(flags, "zh")
    assert listed.columns.tolist() == ["单位", "文件", "原因"] and len(listed) == 4
    assert not listed["原因"].str.contains(r"[A-Za-z]{3}").any()
