"""HTML pages of executed notebooks: the report's title and language in the page head."""

from __future__ import annotations

import re

import nbformat

from evalkit.i18n import text
from evalkit.render import html
from evalkit.render.html import UNTITLED, notebook_to_html, report_title
from evalkit.render.index import index_html, reports_language


def _executed(language: str | None, title_markdown: str) -> nbformat.NotebookNode:
    """A notebook as a city report leaves it: the title is displayed Markdown, not a cell."""
    notebook = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("display(Markdown(title))")
    setup.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": title_markdown, "text/plain": "<Markdown>"}
        )
    ]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("Some prose with a `# not a heading` inside."),
        setup,
        nbformat.v4.new_markdown_cell("# A later heading"),
    ]
    if language is not None:
        notebook.metadata["papermill"] = {"parameters": {"language": language}}
    return notebook


def _head(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S)[1]
    lang = re.search(r'<html lang="([^"]*)"', page)[1]
    return title, lang


def test_city_page_title_is_the_report_title_in_its_language():
    zh_title = text("title", "zh", city="杭州市")
    page = notebook_to_html(_executed("zh", f"# {zh_title}\n\nmore"))
    assert _head(page) == ("杭州市：小微企业三年成长计划评估报告", "zh")
    en_title = text("title", "en", city="金华市")
    assert _head(notebook_to_html(_executed("en", f"# {en_title}"))) == (
        "金华市: evaluation of the Small and Micro Enterprise Three-Year Growth Plan",
        "en",
    )


def test_pooled_page_title_is_its_first_heading():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Plans, designations and targets\n\nEvery row..."),
            nbformat.v4.new_markdown_cell("## Timeline"),
        ]
    )
    assert _head(notebook_to_html(notebook)) == ("Plans, designations and targets", "en")


def test_title_markup_is_escaped_and_untitled_notebooks_say_so():
    assert _head(notebook_to_html(_executed("en", "# A <b> & C")))[0] == "A &lt;b&gt; &amp; C"
    assert report_title(nbformat.v4.new_notebook()) == UNTITLED


def test_index_title_and_headings_follow_the_language():
    zh, en = index_html({}, language="zh"), index_html({}, language="en")
    assert _head(zh) == ("浙江省小微企业三年成长计划：各市评估报告", "zh-CN")
    assert _head(en) == (
        "Zhejiang Small and Micro Enterprise Three-Year Growth Plan: city evaluation reports",
        "en",
    )
    assert "<h2>City x outcome tests (sorted by BH q-value)</h2>" in en
    assert "<h2>各市 × 结果变量检验（按 BH q 值排序）</h2>" in zh
    assert "City x outcome" not in zh and "Pooled and programme" not in zh


def test_index_is_rebuilt_in_the_language_the_reports_were_rendered_in():
    reports = {
        "province_did": {"headlines": []},
        "330100": {"city_name": "杭州市", "parameters": {"language": "zh"}, "headlines": []},
    }
    assert reports_language(reports) == "zh"
    assert index_html(reports) == index_html(reports, language="zh")  # what `verify` rebuilds
    assert reports_language({"plan_targets": {}}) == "en"


def test_a_reused_exporter_gives_the_page_a_fresh_one_gives():
    first = _executed("zh", "# 杭州市")
    other = _executed("zh", "# 宁波市")
    html._exporter.cache_clear()
    fresh = notebook_to_html(first)
    notebook_to_html(other)  # the same exporter converts another report in between
    assert notebook_to_html(first) == fresh
    assert html._exporter.cache_info().misses == 1  # one exporter served all three
    assert "宁波市" not in fresh
