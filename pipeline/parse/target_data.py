"""Words and patterns the target finder reads quantities with, as data.

Comparators follow the reading the law gives them (《民法典》第一千二百五十九条: 以上、
以下、以内、届满 include the number itself; 不满、超过、以外 exclude it): 以上/不少于/至少
are ``>=``, 以下/不超过/以内 are ``<=``, 超过/多于/高于 are ``>``, 不满/低于/少于 are ``<``,
左右/约 are ``~``. A quantity with none of them is ``=``; a span 0―6岁 is ``range``.
"""

from __future__ import annotations

import re

#: Units and measure words a quantity must end with (longest first when matched).
UNITS: tuple[str, ...] = (
    "个百分点", "百分点", "%", "％", "‰", "周岁", "岁", "个月", "人次", "平方公里", "平方米",
    "公里", "千米", "米", "公顷", "亩", "吨", "千瓦", "小时", "分钟", "天", "周", "年", "元",
    "个", "所", "家", "名", "人", "位", "次", "项", "条", "张", "座", "处", "台", "套", "间",
    "户", "床", "支", "场", "类", "件", "篇", "部", "门", "种", "倍",
)
#: Multipliers written after Arabic digits: 33万 -> 330000.
MULTIPLIERS: dict[str, int] = {"千万": 10_000_000, "百万": 1_000_000, "亿": 100_000_000,
                               "万": 10_000, "千": 1_000}
#: Comparator words before the number.
BEFORE: tuple[tuple[str, str], ...] = (
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("至少", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("最多", "<="),
    ("超过", ">"), ("多于", ">"), ("高于", ">"), ("大于", ">"),
    ("不满", "<"), ("未满", "<"), ("低于", "<"), ("少于", "<"), ("小于", "<"),
    ("大约", "~"),
)
#: Comparator words after the unit.
AFTER: tuple[tuple[str, str], ...] = (
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
    ("之内", "<="), ("左右", "~"),
)
#: Dashes and words joining the ends of a range (0―6岁, 2—3岁, 2~3岁, 2至3岁).
RANGE_JOINERS = "―—–‐‑‒－\\-~～〜至到"
#: Characters that never start what a quantity counts: a quantity followed by one is part
#: of a longer word or a set phrase (一年级, 一个也不能少), not a commitment.
NOT_AFTER_UNIT = "也都就才又还级"
#: Words marking an aspirational target.
ASPIRATIONAL = ("力争", "争取")
#: Most characters allowed between a comparator word and its number (至少建成1家).
COMPARATOR_GAP = 2
#: Words dropped from the end of an object (…托位数达到4.5个, …示范机构各1所).
OBJECT_TRAILING = ("提高到", "提升到", "增加到", "增长到", "降低到", "下降到", "控制在", "保持在",
                   "达到", "达", "为", "是", "均", "各", "共", "总计", "累计", "新增", "建成",
                   "建设", "提供", "设立", "设置", "配备", "安排", "在")
#: Words dropped from the start of an object read after the quantity (3至6周岁之间).
AFTER_LEADING = ("的", "之间", "以内")
#: Words dropped from the start of an object read before the quantity (全市力争新增托位).
OBJECT_LEADING = ("全省", "全市", "全县", "全区", "全国", "各地", "力争", "争取", "均应", "应当",
                  "应", "要", "分别", "新增", "新建", "建成", "建设", "设置", "创建", "开展",
                  "组织")
#: Connectors an object is cut at when another quantity follows in the clause: the last
#: word of the first group found (words before the enumeration comma).
CONNECTORS = (("以及", "和", "及", "与"), ("、",))
#: Characters stripped from both ends of an object.
OBJECT_STRIP = " \u3000、，,；;：:"
#: The longest object kept.
MAX_OBJECT = 40

#: Chinese numerals usable in quantities.
CN_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
#: An Arabic number: digits, thousands commas, a decimal part (ASCII or full-width).
ARABIC = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"

#: A named five-year period: 十四五.
PERIOD = re.compile(r"十[一二三四五六七八九]五")
#: A deadline: 到2025年(底), 2025年前, “十四五”期间/末.
DEADLINE = re.compile(
    r"(?:(?:到|至|截至|截止到|截止|力争到|力争在|在)\s*(?P<year>(?:19|20)[0-9]{2})\s*年(?:底|末|前)?"
    r"|(?P<year2>(?:19|20)[0-9]{2})\s*年(?:底|末)?(?:前|以前)"
    r"|[“\"]?(?P<period>十[一二三四五六七八九]五)[”\"]?(?:期间|时期|末|规划期|时期内|期内)?)")
#: How often: 每年, 每季度, 每两年, 每学期.
FREQUENCY = re.compile(
    r"每(?:[一二两三四五六七八九十0-9]+)?(?:个)?(?:年度|年|季度|季|个月|月|周|天|日|学期|半年)")
#: Administrative levels a target applies to: 省、市、县级, 市、县, 省市县三级.
SCOPE = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[各在由全对个每]))"
    r"(?P<levels>[省市县区乡镇村](?:[、和与（()）]{0,2}[省市县区乡镇村]){1,5}[）)]?)"
    r"(?:[两三四五]?级)?")
#: The characters of administrative levels in a scope.
LEVELS = "省市县区乡镇村"
#: Years and dates are never quantities.
YEAR = re.compile(r"(?:19|20)[0-9]{2}\s*年")
#: Where a clause ends (object, scope and frequency stay within one).
CLAUSE_END = "，,。；;：:！？!?\n"
#: Where a sentence ends (a deadline carries over the clauses of one).
SENTENCE_END = "。！？!?\n"
