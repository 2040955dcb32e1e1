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
    "个百分点", "百分点", "%", "％", "‰", "周岁", "岁", "个工作日", "工作日", "个月", "人次",
    "平方公里", "平方米", "公里", "千米", "毫米", "厘米", "米", "公顷", "亩", "吨", "千瓦", "小时",
    "分钟", "天", "日", "周", "年", "元", "个", "所", "家", "名", "人", "位", "次", "项", "条",
    "张", "座", "处", "台", "套", "间", "户", "床", "支", "场", "类", "件", "篇", "部", "门", "种",
    "倍", "批", "代",
)
#: Units as reported: the measure word 个 before a unit of time is not part of it.
UNIT_NAMES: dict[str, str] = {"个工作日": "工作日", "％": "%"}
#: Measure words (classifiers): the counted thing is the noun after them (建设50所学校);
#: other units measure what the clause's subject names (机械化率达到70%).
CLASSIFIERS = frozenset("个所家名人位次项条张座处台套间户床支场类件篇部门种批") | {"人次"}
#: Units of time that count only with a comparator or a time limit (30日内, 满60日): a
#: bare 1日 is a date (5月1日).
NEEDS_COMPARATOR = frozenset({"日"})
#: Multipliers written after Arabic digits, alone or combined (33万, 2万亿, 1.2亿, 3千万).
MULTIPLIERS: dict[str, int] = {"百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
#: A multiplier run after Arabic digits (千 not when it starts 千米, 千瓦, 千克).
MULTIPLIER_RUN = r"(?:[百千万亿]{1,3}(?<!千(?=[米瓦克])))"
#: Comparator words before the number (negated forms are added below).
BASE_BEFORE: tuple[tuple[str, str], ...] = (
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("至少", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("最多", "<="),
    ("超过", ">"), ("多于", ">"), ("高于", ">"), ("大于", ">"),
    ("不满", "<"), ("未满", "<"), ("低于", "<"), ("少于", "<"), ("小于", "<"),
    ("年满", ">="), ("满", ">="), ("最高", "<="), ("最长", "<="), ("最低", ">="),
    ("最短", ">="), ("只能", "<="), ("仅限", "<="), ("只", "<="), ("仅", "<="),
    ("≥", ">="), ("≤", "<="), ("＞", ">"), ("＜", "<"), (">=", ">="), ("<=", "<="),
    (">", ">"), ("<", "<"),
    ("大约", "="), ("约", "="),
)
#: Modal negations: 不得低于 80% is ``>=`` 80 (the law forbids less), 不能超过 48个月 is
#: ``<=`` 48; each negation combines with each word of ``NEGATED``.
NEGATIONS = ("不得", "不能", "不应", "不宜", "不可", "不准", "禁止", "严禁")
NEGATED: tuple[tuple[str, str], ...] = (
    ("超过", "<="), ("高于", "<="), ("多于", "<="), ("大于", "<="),
    ("低于", ">="), ("少于", ">="), ("小于", ">="),
)
BEFORE: tuple[tuple[str, str], ...] = tuple(
    (neg + word, comparator) for neg in NEGATIONS for word, comparator in NEGATED
) + BASE_BEFORE
#: A comparator word, then the base a share is of (不得超过成员总数的三分之一).
SHARE_BASE = 12
#: Verbs that set a floor when no comparator word is written (机械化率达到70% is at
#: least 70 %); read from the words just before the number, not part of its text.
VERB_COMPARATORS: tuple[tuple[str, str], ...] = (("达到", ">="),)
#: Comparator words after the unit (左右 is the value itself, as the truth reads it).
AFTER: tuple[tuple[str, str], ...] = (
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
    ("之内", "<="), ("内", "<="), ("左右", "="),
)
#: Dashes and words joining the ends of a range (0―6岁, 2—3岁, 2~3岁, 2至3岁).
RANGE_JOINERS = "―—–‐‑‒－\\-~～〜至到"
#: Characters that never start what a quantity counts: a quantity followed by one is part
#: of a longer word or a set phrase (一年级, 一个也不能少), not a commitment.
NOT_AFTER_UNIT = "也都就才又还级性"
#: Words marking an aspirational target.
ASPIRATIONAL = ("力争", "争取")
#: Connectors between two quantities that share the first one's comparator and object
#: (分别达到65%和55%).
COORDINATORS = ("和", "及", "与", "、", "或")
#: Most characters allowed between a comparator word and its number (至少建成1家).
COMPARATOR_GAP = 2
#: Words dropped from the end of an object (…托位数达到4.5个, …示范机构各1所).
OBJECT_TRAILING = ("提高到", "提升到", "增加到", "增长到", "降低到", "下降到", "控制在", "保持在",
                   "稳定在", "提高至", "放宽至", "调整为", "为期", "占", "最长", "最短", "最高",
                   "最低", "最多", "最少", "约为", "约", "的", "分别", "应当", "应", "必须", "须",
                   "达到", "达", "为", "是", "均", "各", "共", "总计", "累计", "新增", "建成",
                   "建设", "提供", "设立", "设置", "配备", "安排", "在")
#: Words dropped from the start of an object read after the quantity (3至6周岁之间).
AFTER_LEADING = ("的", "之间", "以内")
#: Conjunctions dropped from the start of a subject (但最多, 并与其签订).
SUBJECT_LEADING = ("但", "并", "且", "而", "或", "和", "的", "对", "在")
#: Words that, right after a quantity, start another condition, not what it counts
#: (2次以上或者情节严重的).
SUBJECT_LEADING_AFTER = ("或者", "或", "并且", "并", "且", "但")
#: Words dropped from the start of an object read before the quantity (全市力争新增托位).
OBJECT_LEADING = ("全省", "全市", "全县", "全区", "全国", "各地", "力争", "争取", "均应", "应当",
                  "应", "要", "分别", "新增", "新建", "建成", "建设", "设置", "创建", "开展",
                  "组织")
#: Connectors an object is cut at when another quantity follows in the clause: the last
#: word of the first group found (words before the enumeration comma).
CONNECTORS = (("以及", "和", "及", "与"), ("、",))
#: Characters stripped from both ends of an object.
OBJECT_STRIP = " \u3000、，,；;：:"
#: A subject this short (放假) is completed by the clause before it (新年，放假1天).
SHORT_SUBJECT = 2
#: Units of time: with 内/以内 after them a quantity is a time limit on an action.
TIME_UNITS = frozenset({"日", "工作日", "天", "个月", "年", "小时", "周"})
#: Comparator words that make a quantity of time a limit (30日内).
LIMIT_WORDS = ("内", "以内", "之内")
#: Modal verbs ending the actor of a sentence (收养登记机关应当…, 各省人民政府要…).
MODALS = re.compile(r"应当|应|要|须|必须|可以|需")
#: Frames after a quantity that are not what it counts (达到12000元的基础上, 在80000元
#: 限额内): the quantity completes the clause's subject.
FRAMES = ("基础上", "前提下", "情况下", "条件下", "范围内", "限额内")
#: The longest topic of a labelled item (（二）青年节（5月4日），…) put before its objects.
MAX_TOPIC = 6
#: Nouns that name what a number without a unit counts, when compared with one
#: (户籍人口超过100万 is 1,000,000 people).
IMPLIED_UNITS: tuple[tuple[str, str], ...] = (("人口", "人"), ("人数", "人"), ("户数", "户"))
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
    r"(?:(?:到|至|截至|截止到|截止|力争到|力争在|在)\s*(?P<year>(?:19|20)[0-9]{2})\s*年"
    r"(?![0-9０-９]{1,2}\s*月)(?:底|末|前)?"
    r"|(?P<year2>(?:19|20)[0-9]{2})\s*年(?:底|末)?(?:前|以前|(?=[\u4e00-\u9fff]{0,3}?(?:达到|实现|完成|建成)))"
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
#: Years and dates are never quantities (二〇二三年 and 一九九六年 neither).
YEAR = re.compile(r"(?:19|20)[0-9]{2}\s*年|[〇零一二三四五六七八九]{4}\s*年")
#: Words that absorb a Chinese numeral written after them (统一个人 is not 一个): frequent
#: two-character words of jieba's dictionary that end in a numeral, without those whose
#: first character often ends another word (以上三万元, 提高三个, 每周一次: not 上三, 高三,
#: 周一).
NUMERAL_WORDS = frozenset((
    "之一", "统一", "唯一", "同一", "单一", "惟一", "其一", "不一", "再三", "数十", "合一", "之二",
    "几十", "逐一", "其二", "划一", "不二", "之三", "专一", "几两", "任一", "如一", "其三", "其四",
))
#: Words that absorb a measure word written before them (一个人所得税: 个人), the frequent
#: two-character words of jieba's dictionary that start with a measure word.
UNIT_WORDS = frozenset((
    "所以", "部分", "所有", "条件", "部门", "位于", "项目", "个人", "部队", "支持", "处理", "家庭",
    "位置", "所谓", "家里", "处于", "类型", "部长", "类似", "名称", "名字", "条例", "条约", "种类",
    "门外", "门口", "支付", "种种", "部署", "所说", "个别", "种植", "个体", "个性", "人口", "人员",
    "人民", "人才", "人士", "人类", "人群", "人均", "人工", "人事", "人力", "人生", "人心", "人大",
    "人社",
))
#: More words of the same two kinds (零部件, 新一代, 一周期).
NUMERAL_WORDS |= {"新一"}
UNIT_WORDS |= {"部件", "周期", "批准", "次序"}
#: Vague amounts written with a numeral (一批 is "a number of", not one batch).
VAGUE = ("一批", "一些", "一系列", "一揽子")
#: Set phrases that hold a numeral and a measure word (二次污染 is a kind of pollution).
SET_PHRASES = ("二次污染", "二次开发", "一次性", "一次能源", "二次能源")
#: Words ending a name that a number right before belongs to (三年百万青年见习计划),
#: when the number's unit is not a measure word (a count of 工程 is a count).
NAME_ENDINGS = ("计划", "工程", "行动", "政策", "战略")
#: The longest name (after the number) ``NAME_ENDINGS`` close.
MAX_NAME = 10
#: A Chinese numeral of these characters only (千家万户) is no number.
BARE_MULTIPLIERS = "百千万亿"
#: Words right before a Chinese numeral that make it an indefinite article, not a count
#: (是一种理念, 作为一项任务, 走出一条道路, 每一位, 其中一套).
INDEFINITE_BEFORE = ("是", "作为", "成为", "其中", "每", "走出", "打造", "形成", "构建", "树立",
                     "探索出", "视为", "当作")
#: Words right after a measure word that make the quantity a time frame, not a target
#: (在一个纳税年度内, 今后一个时期).
PERIOD_AFTER = ("时期", "阶段", "纳税年度", "年度", "周期", "过程")
#: What a fraction or half is worth in percent: 一半 50, 五分之一 20, 2/3 66.67.
PERCENT_DIGITS = 2
#: Where a clause ends (object, scope and frequency stay within one).
CLAUSE_END = "，,。；;：:！？!?\n"
#: Where a sentence ends (a deadline carries over the clauses of one).
SENTENCE_END = "。！？!?\n"
