"""Chinese numerals (``十八`` -> 18, ``一百零五`` -> 105, ``两千五百`` -> 2500), shared by
the stages that read labels and quantities (repair, parse) and by diff."""

from __future__ import annotations

import unicodedata

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
          "柒": 7, "捌": 8, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG_UNITS)


def chinese_to_int(text: str) -> int | None:
    """The value of a Chinese numeral, or None when ``text`` is not one.

    Handles positional forms (``二〇二三`` -> 2023) and unit forms with 万 and 亿 in any
    combination (``三亿五千万``, ``两万亿``).
    """
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit = 0
        elif ch == "亿" or not (section or digit):
            # 亿 scales everything before it (两万亿, 一万二千亿); so does a 万 right
            # after another big unit
            total = (total + section + digit) * BIG_UNITS[ch]
            section = digit = 0
        else:
            total += (section + digit) * BIG_UNITS[ch]
            section = digit = 0
    return total + section + digit


def int_to_chinese(value: int) -> str:
    """The Chinese numeral of ``value`` (0-9999), as used in labels: 18 -> 十八."""
    if value == 0:
        return "零"
    digits = "零一二三四五六七八九"
    parts = []
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, value = divmod(value, unit)
        if d:
            parts.append(("" if (unit == 10 and d == 1 and not parts) else digits[d]) + name)
        elif parts and value and not parts[-1].endswith("零"):
            parts.append("零")
    return "".join(parts)


#: Circled numbers ① to ⑳, as used for the innermost items.
CIRCLED = "".join(chr(c) for c in range(ord("①"), ord("⑳") + 1))


def label_number(text: str) -> int | None:
    """The value of a label's number: Arabic (ASCII or full-width), Chinese or circled.

    ``"12"`` -> 12, ``"１２"`` -> 12, ``"十二"`` -> 12, ``"⑫"`` -> 12; None otherwise.
    """
    if len(text) == 1 and text in CIRCLED:
        return CIRCLED.index(text) + 1
    ascii_digits = unicodedata.normalize("NFKC", text)
    if ascii_digits.isascii() and ascii_digits.isdigit():
        return int(ascii_digits)
    return chinese_to_int(text)
