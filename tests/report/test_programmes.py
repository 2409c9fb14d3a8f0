"""City reports per programme: which cities, which folders."""

from __future__ import annotations

from evalkit.design import build_design
from evalkit.panel import load_summary
from evalkit.render.batch import PROGRAMMES, report_name, treated_cities, zhejiang_cities


def test_each_programme_renders_its_treated_cities_present_in_the_panel():
    summary = load_summary()
    present = {u["unit_code"] for u in summary["units"]}
    for programme in PROGRAMMES:
        design = build_design(programme)
        expected = [code for code in design.treated_units if code in present]
        assert treated_cities(summary, programme) == expected
    zhejiang = [u["unit_code"] for u in summary["units"] if u["province_code"] == "330000"]
    assert zhejiang_cities(summary) == sorted(zhejiang)
    awardees = treated_cities(summary, "liangchuang_demo")
    assert "310000" not in awardees  # Shanghai: only its district 浦东 is an awardee
    assert {"330100", "330200", "440300"} <= set(awardees)


def test_report_folders_do_not_collide_across_programmes():
    names = {report_name(p, "330100") for p in PROGRAMMES}
    assert names == {"330100", "liangchuang_demo_330100"}
