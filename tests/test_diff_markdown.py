"""The Markdown redline: summary, headings new-label-first, runs of renumbering, escaping."""

from __future__ import annotations

from pipeline.diff import diff_documents, diff_markdown
from pipeline.diff.markdown import escape, redline
from tests.test_diff_match import regulation


def test_regulation_redline() -> None:
    text = diff_markdown(diff_documents(regulation(1), regulation(2)))
    assert text.split("## Summary\n\n")[1].split("\n\n## Provisions")[0] == (
        "| Provisions | added | removed | renumbered | modified | moved |\n"
        "|---|---:|---:|---:|---:|---:|\n"
        "| Chapters | 0 | 0 | 0 | 0 | 0 |\n"
        "| Articles | 1 | 0 | 6 | 0 | 0 |\n\n"
        "| Targets | changed | added | removed |\n"
        "|---|---:|---:|---:|\n"
        "| values | 0 | 0 | 0 |\n\n"
        "Citations: 0 added, 0 removed · metadata: 0 changed · punctuation or width only: 0")
    assert text.split("## Provisions\n\n")[1] == (
        "### 第二章 › 第五条 — added\n\n"
        "- <ins>举办普惠性托育机构的，可以按照规定申请建设补贴和运营补贴，"
        "具体办法由市卫生健康部门会同财政部门制定。</ins>\n\n"
        "### Renumbered, text unchanged\n\n"
        "- 第二章 › 第六条 (was 第二章 › 第五条)\n- 第二章 › 第七条 (was 第二章 › 第六条)\n"
        "- 第三章 › 第八条 (was 第三章 › 第七条)\n- 第三章 › 第九条 (was 第三章 › 第八条)\n"
        "- 第三章 › 第十条 (was 第三章 › 第九条)\n- 第四章 › 第十一条 (was 第四章 › 第十条)\n")


def test_same_document_says_no_changes() -> None:
    text = diff_markdown(diff_documents(regulation(1), regulation(1)))
    assert "No changes." in text and "## Provisions" not in text


def test_markup_in_text_is_escaped() -> None:
    assert escape("a*b_<c>&[d]") == r"a\*b\_&lt;c&gt;&amp;\[d\]"
    assert redline([{"op": "equal", "text": "x"}, {"op": "delete", "text": "<1>"},
                    {"op": "insert", "text": "**2**"}]) == (
        r"x<del>&lt;1&gt;</del><ins>\*\*2\*\*</ins>")
