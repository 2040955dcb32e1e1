"""What kind of document a cited title names, read from how the title ends.

The longest matching suffix wins (办法 before 法). A trailing note in brackets is
ignored (``…管理办法（试行）`` is ``measures``).
"""

from __future__ import annotations

#: (title suffix, kind), checked in order.
KINDS: tuple[tuple[str, str], ...] = (
    ("实施细则", "rules"), ("细则", "rules"),
    ("办法", "measures"), ("措施", "measures"),
    ("条例", "regulation"), ("规定", "provisions"), ("规则", "rules"),
    ("决议", "resolution"), ("决定", "decision"),
    ("意见", "opinion"), ("指导意见", "opinion"),
    ("通知", "notice"), ("通告", "announcement"), ("公告", "announcement"),
    ("规划", "plan"), ("方案", "plan"), ("计划", "plan"), ("纲要", "plan"),
    ("标准", "standard"), ("规范", "standard"), ("指南", "guideline"), ("指引", "guideline"),
    ("批复", "reply"), ("函", "letter"), ("报告", "report"), ("白皮书", "report"),
    ("请示", "request"),
    ("法典", "law"), ("宪法", "law"), ("法", "law"),
)

#: Verbs that introduce the issuing bodies of a cited document: …联合印发的《…》.
ISSUE_VERBS = ("联合印发", "联合发布", "印发", "发布", "出台", "制定", "颁布", "公布", "修订",
               "下发", "制发")
#: Words that may stand before the issuing bodies in the same clause (dropped).
LEAD_VERBS = ("认真贯彻落实", "贯彻落实", "认真落实", "贯彻", "落实", "按照", "根据", "依据",
              "依照", "执行", "对照", "结合", "遵照", "参照", "近日", "日前", "近期", "经", "由")
#: The enumeration comma, 会同 and 联合 always separate issuing bodies; 和/与/及 only after
#: a name that ends like a body (省民政厅和省财政厅), since names contain them
#: (人力资源和社会保障厅).
ISSUER_SEPARATORS = ("、", "会同", "联合")
ISSUER_CONJUNCTIONS = "和与及"
ORGANISATION_ENDINGS = "厅部委局院办会府署行室社所心联团"
#: Words dropped from the end of an issuer's name (省卫生健康委牵头制定的《…》).
ISSUER_TRAILING = ("牵头", "共同", "联合", "等部门", "等")
