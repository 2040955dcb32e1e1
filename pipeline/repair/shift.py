"""The GBK solver: decode runs of text that a GBK decoder read out of step.

Model (``docs/corruption-model.md``, simulated by ``pipeline.corrupt``): the page was GBK
bytes; a lead byte lost (shown as ``?``) or an annotation inserted inside a character
(``?pīn)``, its ``(`` eaten by the lone byte) put the decoder out of step, so each
garbled character is ``[trail of char i][lead of char i+1]``. The run ends at a trail byte
0x40-0x7E shown as ASCII, or at a lone byte shown as ``?`` before ASCII (eating a ``(`` or
``&``). Unassigned pairs vanished; full-width punctuation was folded to ASCII.

Every out-of-step stretch starts at a ``?``, so the solver only looks there. From each
``?`` it searches a lattice over the tokens: a hypothesis is in step (characters are
themselves) or out of step with a set of possible pending lead bytes. Every transition
emits original characters, scored by the page's language model; annotation readings
constrain the characters they belong to; document structure (an expected ``（三）``)
adds a bonus. The beam is bounded per token, so the cost is linear in the run.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from pipeline.model import Candidate
from pipeline.repair.annotations import readings, usual_readings
from pipeline.repair.calibration import calibrated
from pipeline.repair.changes import Change
from pipeline.repair.gbk import EURO, FOLDED, FULLWIDTH, LEADS, folded_pair, pair_of
from pipeline.repair.lm import BOS, SPACES, LanguageModel, PageModel
from pipeline.repair.tokens import Token, is_han

ANY = frozenset(LEADS)
TRAIL_SET = frozenset(range(0x40, 0xFF))
HIGH_TRAILS = range(0x80, 0xFF)
#: The lost-character mark.
LOST = "\u25a1"

# Costs of corruption events, in log10 probability.
LOST_LEAD = -3.0
EARLY_ANNOTATION = -1.0
#: A dropped pair is no event of its own: given the original bytes the decoder drops it
#: for certain, so only the language model weighs the character it hides.
HIDDEN_PAIR = 0.0
WRONG_ANNOTATION = -6.0
#: An annotation read on a character the Traditional conversion did not produce.
UNCONVERTED_ANNOTATION = -3.0
#: An annotation with a reading no phrase gives the character (立 read wèi).
RARE_READING = -4.0
#: Bonus per character that matches the label the page's numbering expects.
HINT_BONUS = 8.0
#: A folded full-width form other than the common punctuation (``！``, ``Ｆ``).
FOLDED_FORM = -1.0
#: A lead byte that vanished without a ``?`` (a run that starts with no mark).
VANISHED_LEAD = -4.0
#: A byte replaced by ``?`` inside a run (the decoder is back in step after it).
LOST_BYTE = -3.0
#: An ASCII byte that vanished with the trail byte before it (their pair is unassigned:
#: ``力[`` is C1 A6 5B, and A6 5B is user-defined), unknown unless a bracket closes after:
#: the prior of ASCII in Chinese text (``lm.ASCII``).
ASCII_DROPPED = -4.0
#: What follows a citation's lost ``[``: numbers and ``]`` (``[3]``, ``[1-2]``, ``[4,5]``).
CITATION_REST = re.compile(r"[0-9][0-9,\-–]{0,6}\]")
#: The trail byte no pair starts with: in lead position the decoder shows it as ``?``.
TRAIL_80 = 0x80
#: What a number goes on with after a digit a lone byte swallowed.
NUMBER = frozenset("0123456789.")
#: Folded punctuation after a lone ``?``: the full-width form, not swallowed ASCII.
FOLDED_AFTER = frozenset(",:;?!")
#: Paired marks, opening -> closing.
PAIRS = {"【": "】", "《": "》", "“": "”", "「": "」", "『": "』", "〔": "〕"}
#: A closing mark the block leaves open is this much likelier (log10) where a character
#: is chosen.
PAIR_BONUS = 2.0
#: The same for a closing mark the rest of the block does not supply either: the page
#: owes it, so it weighs more than the language model's preference after it.
OWED_BONUS = 5.0
#: Brackets whose opener a run may owe: a closing one later in the block with no opener
#: before it (``［收稿日期］``, a citation's ``[3]``) makes the opener likelier there, by
#: ``OWED_BONUS``. Folded ASCII brackets are the full-width ones.
OPENERS = {**PAIRS, "［": "］"}
UNFOLD = {"[": "［", "]": "］"}
#: Closing marks, each with its opener: one a run opened itself is likelier to close it.
OPENER_OF = {close: open_ for open_, close in OPENERS.items()}
#: Every character that opens or closes one of them, folded or not.
BRACKETS = frozenset(OPENERS) | frozenset(OPENER_OF) | frozenset(UNFOLD)
#: Hypotheses kept per token position.
BEAM = 10
#: Hypotheses further behind the best than this (log10) are dropped.
BEAM_MARGIN = 10.0
#: Dropped pairs are tried when the best direct character is less likely than this
#: (log10): one in a thousand.
HIDDEN_TRIGGER = -3.0
#: Hidden (dropped) pairs allowed per run, and shortlist size per lead byte.
MAX_HIDDEN = 3
#: Without an expected label, dropped pairs come one at a time.
MAX_HIDDEN_UNHINTED = 1
HIDDEN_SHORTLIST = 6
#: Dropped pairs after a dropped pair: from this many likeliest characters overall.
HIDDEN_ANY = 600
#: From a large set of possible bytes, only this many likeliest characters are tried.
WIDE = 12
#: How many of the likeliest characters stand for a character with no known byte (they
#: are ranked in context).
COMMON = 600
#: A freely chosen character is weighed against this many of its likeliest rivals.
SLOT = 40
#: A character with a known trail byte and a wide choice of lead bytes is chosen in
#: context from this many of the commonest with that trail.
CONTEXT_POOL = 60
#: Characters the page uses, tried beyond those.
PAGE_EXTRA = 8
#: The same, right after a dropped pair.
WIDE_HIDDEN = 6
#: Only the best few hypotheses at a position try dropped pairs.
HIDDEN_FROM = 2
HIDDEN_FROM_HINTED = 3
#: Hypotheses kept after each level of dropped pairs.
HIDDEN_BEAM = 3
#: More ``?`` in a row than this are not GBK damage (each stands for a lost character,
#: or they are real question marks): the solver leaves them alone.
MAX_MARKS = 3
#: Bare ``?`` ending a block after a Han character that are its last character, both
#: bytes lost.
END_MARKS = 2
#: A run may not be longer than this many tokens.
MAX_RUN = 80
#: A freely chosen character whose local posterior is below this is marked lost.
LOST_POSTERIOR = 0.5
#: A dropped pair's character whose rival the bytes also allow has at least this local
#: posterior takes the rival's place.
SWAP_POSTERIOR = 0.9
#: The confidence of a lost mark (never above this).
LOST_CONFIDENCE = 0.2
#: A decoded character whose readings of the run agree on it with less posterior than this
#: (a near tie between readings the bytes both allow) is marked lost, with its candidates.
AMBIGUOUS = 0.5
#: Readings with a character the best one lacks (a dropped pair it did not bridge) that
#: weigh this much put a lost mark there.
AMBIGUOUS_GAP = 0.3
#: Runner-up readings are reported when their posterior is at least this.
RUNNER_UP = 0.01
#: A decoded run must beat the page as it stands by this margin (log10).
MARGIN = 1.0


class Step(NamedTuple):
    """One transition: tokens ``[first, last)`` became ``text``.

    ``shifted``: not the identity; ``slot``: the alternatives of a freely chosen last
    character (no byte or reading evidence fixed it), for marking it lost. (A named
    tuple: the solver makes one per candidate, and a tuple is the cheapest to make.)
    """

    first: int
    last: int
    text: str
    shifted: bool
    slot: tuple[str, ...] = ()


@dataclass(slots=True)
class Hyp:
    """A partial decoding of a run: its last ``step`` and the hypothesis it extends
    (``parent``; neither at the run's start), so that extending one copies nothing."""

    score: float
    pos: int
    pending: frozenset[int] | None
    last: str
    last2: str
    hidden: int
    out: str
    step: Step | None = None
    parent: Hyp | None = None

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step from the run's start, in order."""
        found = []
        hyp: Hyp | None = self
        while hyp is not None and hyp.step is not None:
            found.append(hyp.step)
            hyp = hyp.parent
        return tuple(reversed(found))


@dataclass(frozen=True)
class RunContext:
    """What the solver knows around a run: the page model and the expected label."""

    page: PageModel
    hint: str = ""


@lru_cache(maxsize=2)
def drop_table(model: LanguageModel) -> dict[int, frozenset[int]]:
    """For each byte, the following bytes (0x81 up) that make an unassigned pair."""
    out = {}
    for lead in LEADS:
        gone = frozenset(t for t in range(0x81, 0xFF) if model.char(lead, t) is None)
        if gone:
            out[lead] = gone
    return out


@lru_cache(maxsize=2)
def ascii_drops(model: LanguageModel) -> frozenset[int]:
    """Trail bytes that make an unassigned pair with some ASCII byte (0x40-0x7E) after
    them: A1-A7 (GBK's user-defined A140-A7A0), and a few more."""
    return frozenset(t for t in range(0x81, 0xFF)
                     if any(model.char(t, h) is None for h in range(0x40, 0x7F)))


@lru_cache(maxsize=4096)
def common_dropping_ascii(model: LanguageModel, context: str, pending: frozenset[int],
                          ) -> tuple[str, ...]:
    """The ``SLOT`` likeliest after the keys ``context`` of the ``COMMON`` commonest
    characters with a lead in ``pending`` and a trail in ``ascii_drops``."""
    drops = ascii_drops(model)
    options = [c for c in common(model) if (p := pair_of(c))[0] in pending and p[1] in drops]
    return tuple(ranked(model, context, options)[:SLOT])


@lru_cache(maxsize=4096)
def _shortlist(model: LanguageModel, lead: int, context: str) -> tuple[str, ...]:
    """The ``SLOT`` characters with ``lead`` whose trail can start a dropped pair,
    likeliest after the keys ``context`` first (the first ``HIDDEN_SHORTLIST`` are tried;
    all of them are what a dropped pair's character could have been)."""
    drops = drop_table(model)
    found = [model.char(lead, t) for t in drops if model.char(lead, t)]
    return tuple(ranked(model, context, found)[:SLOT])


@lru_cache(maxsize=2)
def hidden_any(model: LanguageModel) -> tuple[str, ...]:
    """The likeliest characters whose trail byte can start a dropped pair."""
    drops = drop_table(model)
    found = [c for lead in LEADS for t in drops if (c := model.char(lead, t))]
    found.sort(key=lambda c: -model.unigram(model.key(c)))
    return tuple(found[:HIDDEN_ANY])


def ranked(model: LanguageModel, context: str, chars) -> list[str]:
    """``chars`` (single characters) likeliest after ``context`` first (``likelihood``;
    ties keep their order), scored in one pass (``LanguageModel.probs``)."""
    chars = list(chars)
    scores = model.probs(context, list(model.keys("".join(chars))))
    # a stable sort, also reversed: ties keep their order
    order = sorted(range(len(chars)), key=scores.__getitem__, reverse=True)
    return [chars[i] for i in order]


def likelihood(model: LanguageModel, context: str, char: str) -> float:
    """The base model's P(char | context), ``context`` one key (or ``BOS``) or two."""
    key = model.key(char)
    if len(context) == 2:
        return model.prob3(context[0], context[1], key)
    return model.prob(context, key)


@lru_cache(maxsize=4096)
def hidden_slot(model: LanguageModel, context: str, leads: frozenset[int]) -> tuple[str, ...]:
    """The ``SLOT`` likeliest after the keys ``context`` of ``hidden_any`` with a lead
    byte in ``leads`` (those are ranked, not all: the ranking is stable, so it is the
    same order as ranking all of them first)."""
    options = [c for c in hidden_any(model) if pair_of(c)[0] in leads]
    return tuple(ranked(model, context, options)[:SLOT])


@lru_cache(maxsize=2)
def common(model: LanguageModel) -> tuple[str, ...]:
    """The likeliest characters of all (trail byte from 0x80), for a wholly unknown one."""
    found = [c for lead in LEADS for _, c in row(model, lead)]
    found.sort(key=lambda c: -model.unigram(model.key(c)))
    return tuple(found[:COMMON])


@lru_cache(maxsize=512)
def column(model: LanguageModel, trail: int) -> tuple[tuple[int, str], ...]:
    """``(lead, char)`` of every character with ``trail``, likeliest first."""
    found = [(lead, c) for lead in LEADS if (c := model.char(lead, trail))]
    found.sort(key=lambda x: -model.unigram(model.key(x[1])))
    return tuple(found)


@lru_cache(maxsize=512)
def row(model: LanguageModel, lead: int) -> tuple[tuple[int, str], ...]:
    """``(trail, char)`` of every character with ``lead`` and a trail from 0x80, likeliest first."""
    found = [(t, c) for t in range(0x80, 0xFF) if (c := model.char(lead, t))]
    found.sort(key=lambda x: -model.unigram(model.key(x[1])))
    return tuple(found)


@lru_cache(maxsize=8192)
def column_in_context(model: LanguageModel, prev: str, trail: int,
                      pending: frozenset[int]) -> tuple[str, ...]:
    """Characters ``[lead trail]``, ``lead`` in ``pending``, of the ``CONTEXT_POOL``
    commonest with that trail, likeliest after the key ``prev`` first."""
    options = [c for lead, c in column(model, trail)[:CONTEXT_POOL] if lead in pending]
    return tuple(ranked(model, prev, options))


@lru_cache(maxsize=4096)
def rows_in_context(model: LanguageModel, context: str, leads: frozenset[int],
                    ) -> tuple[str, ...]:
    """Every character with a lead byte in ``leads`` (a few), likeliest after the keys
    ``context`` first."""
    options = [c for lead in leads for _, c in row(model, lead)]
    return tuple(ranked(model, context, options))


@lru_cache(maxsize=4096)
def common_in_context(model: LanguageModel, prev: str, pending: frozenset[int],
                      ) -> tuple[str, ...]:
    """The ``SLOT`` likeliest of the ``COMMON`` commonest characters with a lead in
    ``pending``, right after the key ``prev``."""
    options = [c for c in common(model) if pair_of(c)[0] in pending]
    return tuple(ranked(model, prev, options)[:SLOT])


def hidden_candidates(model: LanguageModel, lead: int, hint: str, size: int,
                      context: str = BOS) -> tuple[str, ...]:
    """Characters with ``lead`` whose trail can start a dropped pair: likely ones first."""
    drops = drop_table(model)
    extra = tuple(c for c in hint if (p := pair_of(c)) and p[0] == lead and p[1] in drops)
    return tuple(dict.fromkeys(_shortlist(model, lead, context)[:size] + extra))


@lru_cache(maxsize=4096)
def with_reading(model: LanguageModel, leads: frozenset[int], trails, reading: str,
                 ) -> tuple[tuple[int, int, str], ...]:
    """``(lead, trail, char)`` for characters in ``leads`` x ``trails`` read as ``reading``."""
    out = []
    for char in model.by_reading.get(reading, ""):
        pair = pair_of(char)
        if pair and pair[0] in leads and pair[1] in trails:
            out.append((pair[0], pair[1], char))
    return tuple(out)


def reading_cost(char: str, reading: str) -> float:
    """``RARE_READING`` when ``reading`` is not one an annotator writes for ``char``
    (``usual_readings``), else 0."""
    return 0.0 if reading.lower() in usual_readings(char) else RARE_READING


def expected_closers(text: str) -> frozenset[str]:
    """Closing marks ``text`` leaves open (``【`` without its ``】``): the page as evidence
    for a freely chosen character after it."""
    stack: list[str] = []
    for char in text:
        if char in PAIRS:
            stack.append(PAIRS[char])
        elif stack and char == stack[-1]:
            stack.pop()
    return frozenset(stack)


def open_closers(tokens: list[Token]) -> list[frozenset[str]]:
    """For each token index ``i`` (and ``len(tokens)``), ``expected_closers`` of the
    characters of the tokens before ``i``: one pass over the block, so a block of many
    runs stays linear (open marks are counted, not copied)."""
    out: list[frozenset[str]] = []
    stack: list[str] = []
    open_count: dict[str, int] = {}
    current: frozenset[str] = frozenset()
    for token in tokens:
        out.append(current)
        if token.kind != "char":
            continue
        changed = False
        for char in token.text:
            if char in PAIRS:
                stack.append(PAIRS[char])
                open_count[PAIRS[char]] = open_count.get(PAIRS[char], 0) + 1
                changed = True
            elif stack and char == stack[-1]:
                open_count[stack.pop()] -= 1
                changed = True
        if changed:
            current = frozenset(c for c, n in open_count.items() if n)
    out.append(current)
    return out


def closers_after(tokens: list[Token]) -> list[frozenset[str]]:
    """For each token index ``i`` (and ``len(tokens)``), the closing marks (``OPENERS``'
    closing marks, full-width) among the characters of the tokens from ``i`` on: one
    pass from the end."""
    found: frozenset[str] = frozenset()
    out: list[frozenset[str]] = [found]
    for token in reversed(tokens):
        if token.kind == "char" and token.text in BRACKETS:
            char = UNFOLD.get(token.text, token.text)
            if char in OPENER_OF and char not in found:
                found = found | {char}
        out.append(found)
    return out[::-1]


def opened(text: str, closer: str) -> bool:
    """True when ``text`` has ``closer``'s opening mark after its last ``closer``."""
    return text.rfind(OPENER_OF[closer]) > text.rfind(closer)


def openers_owed(tokens: list[Token]) -> list[frozenset[str]]:
    """For each token index ``i`` (and ``len(tokens)``), the opening marks (``OPENERS``,
    full-width) whose closing mark comes in the tokens from ``i`` on with no opener
    before it there: one pass from the end."""
    need: dict[str, int] = {}
    current: frozenset[str] = frozenset()
    out: list[frozenset[str]] = [current]
    for token in reversed(tokens):
        if token.kind == "char" and token.text in BRACKETS:
            char = UNFOLD.get(token.text, token.text)
            if char in OPENER_OF:
                need[OPENER_OF[char]] = need.get(OPENER_OF[char], 0) + 1
            elif need.get(char):
                need[char] -= 1
            current = frozenset(c for c, n in need.items() if n)
        out.append(current)
    return out[::-1]


def question_marks(tokens: list[Token]) -> list[int]:
    """For each token, how many ``?`` tokens end there in a row (0 for other tokens)."""
    out, count = [], 0
    for token in tokens:
        count = count + 1 if token.text == "?" else 0
        out.append(count)
    return out


class Solver:
    """Decode the runs of one block of tokens."""

    def __init__(self, tokens: list[Token], context: RunContext,
                 marks: list[int] | None = None,
                 closers: list[frozenset[str]] | None = None,
                 later: list[frozenset[str]] | None = None,
                 openers: list[frozenset[str]] | None = None):
        """``marks``: ``question_marks(tokens)``, ``closers``: ``open_closers(tokens)``,
        ``later``: ``closers_after(tokens)`` and ``openers``: ``openers_owed(tokens)``,
        when the caller already has them (a block of many runs computes them once)."""
        self.tokens = tokens
        self.page = context.page
        self.model = context.page.base
        self.hint = self.model.keys(context.hint)  # the expected label's keys
        self.marks = marks if marks is not None else question_marks(tokens)
        self.start = 0
        self.vanished = False  # the run started with no ``?`` (``solve``)
        self.prev = BOS  # the character before the run, as decoded
        self.closers: frozenset[str] = frozenset()
        self.owed: frozenset[str] = frozenset()  # of those, the ones the block lacks
        self.closers_at = closers
        self.later = later if later is not None else closers_after(tokens)
        self.openers = openers if openers is not None else openers_owed(tokens)

    # -- scoring -------------------------------------------------------------------
    def emit(self, hyp: Hyp, step: Step, pending, pos: int, cost: float = 0.0,
             hidden: int = 0) -> Hyp:
        """``hyp`` extended by ``step``: LM score of its text plus ``cost``."""
        score = hyp.score + cost
        last, last2 = hyp.last, hyp.last2
        out = hyp.out
        for char in step.text:
            if char == LOST:  # an unknown character: neither scored nor context
                out += char
                continue
            score += self.page.logp(last2, last, char)
            if char in self.closers:
                score += OWED_BONUS if char in self.owed else PAIR_BONUS
            elif UNFOLD.get(char, char) in self.openers[pos]:
                score += OWED_BONUS
            elif char in OPENER_OF and opened(out, char):
                # the run opened it (``［收稿日期］``); owed unless the block closes it later
                score += PAIR_BONUS if char in self.later[pos] else OWED_BONUS
            last, last2 = char, last
            out += char
        if self.hint and step.text and len(hyp.out.lstrip(SPACES)) < len(self.hint):
            score += self.hint_bonus(hyp.out, out)
        return Hyp(score, pos, pending, last, last2, hyp.hidden + hidden, out, step, hyp)

    def hint_bonus(self, before: str, after: str) -> float:
        """Bonus for the characters of ``after`` beyond ``before`` that follow the hint."""
        old = before.lstrip(SPACES)
        new = after.lstrip(SPACES)
        keys = self.model.keys(new[:len(self.hint)])
        if keys != self.hint[:len(keys)]:
            return 0.0
        return HINT_BONUS * (len(keys) - min(len(old), len(self.hint)))

    # -- transitions ---------------------------------------------------------------
    def expand(self, hyp: Hyp, hidden: bool = True) -> list[Hyp]:
        """Every way ``hyp`` can consume its next token(s).

        Dropped pairs (a pair the decoder left out, from GBK's unassigned or user-defined
        rows) are tried from the best few hypotheses at a position where the direct
        reading is poor (``HIDDEN_TRIGGER``) or breaks the expected label: the language
        model weighs the extra character.
        """
        if hyp.pos >= len(self.tokens):
            return []
        if hyp.pending is None:
            return self.in_step(hyp)
        out = self.out_of_step(hyp, hyp.pending, [])
        if not hidden or hyp.hidden >= MAX_HIDDEN:
            return out
        best = max((h.score - hyp.score for h in out), default=-math.inf)
        after_lost_lead = hyp.pending is ANY and not self.hint
        if best > HIDDEN_TRIGGER and not after_lost_lead and not self.breaks_hint(out):
            return out  # after a lost lead byte, a dropped pair is always weighed
        level = self.hide(hyp, HIDDEN_SHORTLIST)
        while level:
            for extra in level:
                self.out_of_step(extra, extra.pending, out, WIDE_HIDDEN)
            limit = MAX_HIDDEN if self.hint else MAX_HIDDEN_UNHINTED
            deeper = [h for extra in level if extra.hidden < limit
                      for h in self.hide(extra, 4)]
            level = prune_to(deeper, HIDDEN_BEAM)
        return out

    def breaks_hint(self, hyps: list[Hyp]) -> bool:
        """True when every direct reading departs from the expected label."""
        if not self.hint or not hyps:
            return False
        if len(hyps[0].out.lstrip(SPACES)) > len(self.hint):
            return False
        return not any(self.follows_hint(h) for h in hyps)

    def follows_hint(self, hyp: Hyp) -> bool:
        """True when ``hyp`` agrees with the label so far and can still complete it."""
        text = hyp.out.lstrip(SPACES)
        keys = self.model.keys(text[:len(self.hint)])
        if keys != self.hint[:len(keys)]:
            return False
        return hyp.pending is not None or len(keys) >= len(self.hint)

    def in_step(self, hyp: Hyp) -> list[Hyp]:
        i = hyp.pos
        token = self.tokens[i]
        if token.kind == "ann":
            return [self.emit(hyp, Step(i, i + 1, "", False), None, i + 1)]
        out = [self.emit(hyp, Step(i, i + 1, token.text, False), None, i + 1)]
        if token.text != "?" or i != self.start or self.marks[i] > MAX_MARKS:
            return out  # a later ? in step starts a run of its own
        out.append(self.emit(hyp, Step(i, i + 1, "", True), ANY, i + 1, LOST_LEAD))
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        prev = pair_of(hyp.last) if hyp.last != BOS else None
        if nxt is not None and nxt.kind == "tail" and prev:
            found = with_reading(self.model, frozenset({prev[1]}), ANY, nxt.value)
            # the annotator annotated characters of the Traditional conversion, with
            # their usual readings
            groups: dict[float, set[int]] = {}
            for _, trail, char in found:
                cost = (0.0 if char in self.model.t2s else UNCONVERTED_ANNOTATION) + (
                    reading_cost(char, nxt.value))
                groups.setdefault(cost, set()).add(trail)
            for cost, leads in sorted(groups.items(), reverse=True):
                out.append(self.emit(hyp, Step(i, i + 2, "", True), frozenset(leads), i + 2,
                                     EARLY_ANNOTATION + cost))
        if nxt is not None and nxt.kind == "tail":
            self.named_by_reading(hyp, nxt.value, out)
        return out

    def named_by_reading(self, hyp: Hyp, reading: str, out: list[Hyp]) -> None:
        """The ``?`` is the last byte of a character whose lead byte vanished, alone before
        its own annotation (its ``(`` eaten): the reading names the character, the
        context chooses among those read so (a converted character first, as the
        annotator annotated those); the decoder is back in step after it."""
        i = hyp.pos
        after = self.tokens[i + 2].text if i + 2 < len(self.tokens) else ""
        if any(c.isascii() and c.isalnum() for c in (hyp.last, after[:1])):
            return  # inside Latin text: not a Chinese character
        options = [c for c in self.model.by_reading.get(reading, "") if pair_of(c)]
        slot = tuple(self.in_context(hyp, options)[:SLOT])
        for char in slot[:WIDE]:
            cost = LOST_LEAD + (0.0 if char in self.model.t2s else UNCONVERTED_ANNOTATION) + (
                reading_cost(char, reading))
            out.append(self.emit(hyp, Step(i, i + 2, char, True, slot), None, i + 2, cost))

    def hide(self, hyp: Hyp, size: int) -> list[Hyp]:
        """``hyp`` with one dropped pair emitted before its next token."""
        drops = drop_table(self.model)
        hint = self.hint_text()
        context = self.context_key(hyp)
        if len(hyp.pending) <= 4:
            chars = [c for lead in hyp.pending
                     for c in hidden_candidates(self.model, lead, hint, size, context)]
            slot = tuple(c for lead in hyp.pending
                         for c in _shortlist(self.model, lead, context))
        else:
            slot = hidden_slot(self.model, context, hyp.pending)
            chars = list(slot[:size])
            chars += [c for c in hint if (p := pair_of(c)) and p[0] in hyp.pending
                      and p[1] in drops]
        out = []
        for char in dict.fromkeys(chars):
            trail = pair_of(char)[1]
            # only the lead byte and context choose a dropped pair's character (unless
            # the page's numbering expects it): its rivals are weighed in context when
            # the run is done
            free = char in slot and not hint
            step = Step(hyp.pos, hyp.pos, char, True, slot if free else ())
            out.append(self.emit(hyp, step, drops[trail], hyp.pos, HIDDEN_PAIR, 1))
        return prune_to(out, HIDDEN_BEAM)

    def hint_text(self) -> str:
        return self.hint

    def out_of_step(self, hyp: Hyp, pending: frozenset[int], out: list[Hyp],
                    wide: int = 0) -> list[Hyp]:
        """``hyp``, out of step, reads its next token; ``wide`` caps wide candidate lists."""
        i = hyp.pos
        token = self.tokens[i]
        if self.marks[i] > MAX_MARKS:
            return out
        free = pending is ANY
        if token.kind != "char":
            return out
        text = token.text
        if text == "?":
            self.lone(hyp, pending, out)
        if not text.isascii():
            pair = pair_of(text)
            if pair:
                self.read_pair(hyp, pending, pair, wide, out)
            elif text == EURO:  # the byte 0x80 in lead position, as cp936 shows it
                self.shown_trail(hyp, pending, TRAIL_80, wide, out)
            return out
        ate_paren = text == "?" and i + 1 < len(self.tokens) and self.tokens[i + 1].kind == "tail"
        if not ate_paren and (text in FOLDED or (text in FULLWIDTH
                                                 and not self.latin_word(i))):
            # (a ``?`` before ``pīn)`` is a lone byte that ate the ``(``, not ``？``)
            # a full-width form folded to ASCII (``!`` is ``！``, ``F`` is ``Ｆ``)
            cost = 0.0 if text in FOLDED else FOLDED_FORM
            self.read_pair(hyp, pending, folded_pair(text), wide, out, cost)
        if 0x40 <= ord(text) <= 0x7E:
            nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            if (nxt is not None and nxt.kind == "char" and nxt.text.isascii()
                    and (nxt.text.isalpha() or (nxt.text.isdigit() and free))):
                # a Latin word goes on: the letter is not a stray trail byte (a number
                # after it is no word when the character's lead byte is known: 鲩L12)
                return out
            self.shown_trail(hyp, pending, ord(text), wide, out)
        if (text.isdigit() or text in UNFOLD) and not self.vanished:
            # ASCII text goes on there: a number or a bracket (a letter is far likelier a
            # trail byte shown as itself; not at a folded mark, nor in a run no ``?``
            # started: an ASCII mark would end any garble there)
            self.ascii_dropped(hyp, pending, out)
        return out

    def ascii_dropped(self, hyp: Hyp, pending: frozenset[int], out: list[Hyp]) -> None:
        """The character ``[pending][trail]`` ends the run before the ASCII token shown:
        its trail and an ASCII byte after it made a pair GBK leaves unassigned (A140-A7A0
        and the like), which vanished, so the decoder is in step from this token on
        (``潛力[3]`` shows ``…3]``). The ASCII byte is lost; a ``[`` when a citation's
        numbers and ``]`` follow."""
        i = hyp.pos
        context = self.context_key(hyp)
        if len(pending) > 4:
            options = list(common_dropping_ascii(self.model, context, pending))
        else:
            drops = ascii_drops(self.model)
            options = [c for c in rows_in_context(self.model, context, pending)
                       if pair_of(c)[1] in drops]
        if not options:
            return
        slot = tuple(options[:SLOT])
        for char in options[:WIDE]:
            new = self.emit(hyp, Step(i, i, char, True, slot), None, i)
            out.append(self.ascii_text(new, "", i))

    def ascii_text(self, hyp: Hyp, char: str, pos: int) -> Hyp:
        """``hyp`` followed by the ASCII character ``char`` a pair swallowed (``""``: lost,
        unknown) before token ``pos``, in step. A lost byte a citation's numbers and ``]``
        follow is its ``[`` (which the block owes: ``openers_owed``)."""
        rest = "".join(t.text for t in self.tokens[pos:pos + 8] if t.kind == "char")
        citation = CITATION_REST.match(rest) is not None
        if not char:
            if not citation:
                return self.emit(hyp, Step(pos, pos, LOST, True), None, pos, ASCII_DROPPED)
            char = "["
        return self.emit(hyp, Step(pos, pos, char, True), None, pos)

    def shown_trail(self, hyp: Hyp, pending: frozenset[int], trail: int, wide: int,
                    out: list[Hyp]) -> None:
        """The token is the trail byte of the character ``[pending][trail]``, shown on its
        own (an ASCII letter, or ``€`` for 0x80): the decoder is back in step after it. An
        annotation right after it is that character's, and must be one of its readings."""
        i = hyp.pos
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        chars = self.chars_with_trail(pending, trail, hyp, wide or WIDE)
        if nxt is not None and nxt.kind == "paren":
            # the reading names the character, however rare (瞭 of 瞭(le)解)
            named = [c for _, _, c in with_reading(self.model, pending, (trail,), nxt.value)]
            chars += [c for c in self.in_context(hyp, named)[:WIDE] if c not in chars]
        slot = self.slot(chars, trail) if pending is ANY else ()
        for char in chars:
            if nxt is not None and nxt.kind == "paren":
                if nxt.value in readings(char):
                    out.append(self.emit(hyp, Step(i, i + 2, char, True), None, i + 2,
                                         reading_cost(char, nxt.value)))
                    continue
                cost = WRONG_ANNOTATION
            else:
                cost = 0.0
            out.append(self.emit(hyp, Step(i, i + 1, char, True, slot), None, i + 1, cost))

    def latin_word(self, i: int) -> bool:
        """True when token ``i`` starts three or more ASCII letters or digits in a row: a
        Latin word or a number, not a folded full-width form (one, perhaps followed by a
        trail byte shown as a letter)."""
        word = self.tokens[i:i + 3]
        return len(word) == 3 and all(t.kind == "char" and t.text.isascii()
                                      and t.text.isalnum() for t in word)

    def read_pair(self, hyp: Hyp, pending: frozenset[int], pair: tuple[int, int], wide: int,
                  out: list[Hyp], cost: float = 0.0) -> None:
        """``hyp`` reads a shown character whose bytes are ``pair``: the character
        ``[pending][pair[0]]``, still out of step with ``pair[1]`` pending."""
        i = hyp.pos
        a, b = pair
        chars = self.chars_with_trail(pending, a, hyp, wide or WIDE)
        slot = self.slot(chars, a) if pending is ANY else ()
        if b < 0x80:
            # an ASCII byte made the pair (入[ is C8 EB 5B, shown 隱 = EB 5B): it is text,
            # and the decoder is back in step after it
            for char in chars:
                new = self.emit(hyp, Step(i, i + 1, char, True, slot), None, i + 1, cost)
                out.append(self.ascii_text(new, chr(b), i + 1))
            return
        lead = frozenset({b})
        for char in chars:
            out.append(self.emit(hyp, Step(i, i + 1, char, True, slot), lead, i + 1, cost))

    def chars_with_trail(self, pending: frozenset[int], trail: int, hyp: Hyp,
                         wide: int) -> list[str]:
        """Characters ``[lead trail]`` for ``lead`` in ``pending``; when ``pending`` is wide,
        the likeliest few in ``hyp``'s context (of the ``CONTEXT_POOL`` commonest), those
        the page uses, any the expected label needs, and white space at a block start."""
        if len(pending) <= 4:
            return [c for lead in pending if (c := self.model.char(lead, trail))]
        chars = self.narrow(list(column_in_context(self.model, self.context_key(hyp), trail,
                                                   pending)), wide)
        last = hyp.last
        extra = self.hint_text() + (SPACES if last == BOS else "")
        chars += [c for c in extra if (p := pair_of(c)) and p[1] == trail
                  and p[0] in pending and c not in chars]
        return chars

    def slot(self, tried: list[str], trail: int) -> tuple[str, ...]:
        """The characters a freely chosen one with ``trail`` could have been: those
        ``tried``, then the likeliest of the rest of its column (the lost-character
        decision weighs them all)."""
        rest = [c for _, c in column(self.model, trail)[:SLOT] if c not in tried]
        return (*tried, *rest)

    def narrow(self, options: list[str], wide: int) -> list[str]:
        """The first ``wide`` of ``options`` (likeliest first), and up to ``PAGE_EXTRA``
        more that the page itself uses most."""
        rest = sorted((c for c in options[wide:] if self.page.raw.get(c, 0) > 1),
                      key=lambda c: -self.page.raw[c])
        return options[:wide] + rest[:PAGE_EXTRA]

    def lone(self, hyp: Hyp, pending: frozenset[int], out: list[Hyp]) -> None:
        """The ``?`` is the last byte of a character, alone before ASCII."""
        i = hyp.pos
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        trails = HIGH_TRAILS
        if nxt is not None and nxt.kind == "tail":
            found = [c for _, _, c in with_reading(self.model, pending, trails, nxt.value)]
            if len(found) > WIDE:
                found.sort(key=lambda c: -self.model.unigram(self.model.key(c)))
                found = self.narrow(found, WIDE)
            for char in found:
                out.append(self.emit(hyp, Step(i, i + 2, char, True), None, i + 2,
                                     reading_cost(char, nxt.value)))
            return
        cost, eaten = 0.0, False
        if (pending is ANY and i >= 1 and self.tokens[i - 1].text == "?" and nxt is not None
                and nxt.kind == "char" and (nxt.text in FOLDED or not nxt.text.isascii())):
            # ``??`` before a pair's first byte: a lost lead, then a trail no pair starts
            # with (0x80), shown as ? in lead position; the decoder is back in step
            chars = self.chars_with_trail(ANY, TRAIL_80, hyp, WIDE)
            slot = self.slot(chars, TRAIL_80)
            for char in chars:
                out.append(self.emit(hyp, Step(i, i + 1, char, True, slot), None, i + 1))
            return
        if nxt is not None and nxt.kind == "entity":
            suffix, last = nxt.value, i + 2
        elif nxt is None or (nxt.kind == "char" and nxt.text in FOLDED_AFTER):
            suffix, last = "", i + 1
        elif nxt.kind == "char" and nxt.text.isascii() and (
                ord(nxt.text) < 0x40 or nxt.text == "\x7f") and nxt.text not in "(&":
            # a lone byte before ASCII below 0x40 swallowed that byte: it is lost
            suffix, last, eaten = "", i + 1, True
        elif nxt.kind == "char" and not nxt.text.isascii():
            # the byte itself was replaced by ``?``: the decoder is back in step
            suffix, last, cost = "", i + 1, LOST_BYTE
        else:
            return
        if len(pending) > 4:
            # neither byte is known: the likeliest characters are all there is to go on
            slot = common_in_context(self.model, self.context_key(hyp), pending)
        else:
            ranked = list(rows_in_context(self.model, self.context_key(hyp), pending))
            wanted = [c for c in ranked if c in self.closers  # the page expects them
                      or (c in OPENER_OF and opened(hyp.out, c))]  # or the run does
            slot = tuple(dict.fromkeys(wanted + ranked[:SLOT]))
        for char in slot[:WIDE + len(self.closers)]:
            new = self.emit(hyp, Step(i, last, char + suffix, True, slot), None, last, cost)
            if eaten:
                new = self.emit(new, Step(last, last, LOST, True), None, last)
            out.append(new)

    def context_key(self, hyp: Hyp) -> str:
        """The model's keys of ``hyp``'s last two characters (``BOS``, or the last one
        alone, at a block start)."""
        if hyp.last == BOS:
            return BOS
        last = self.model.key(hyp.last)
        if hyp.last2 and hyp.last2 != BOS:
            return self.model.key(hyp.last2) + last
        return last

    def in_context(self, hyp: Hyp, options: list[str]) -> list[str]:
        """``options`` ranked by how likely each is right after ``hyp``'s last characters
        (the base model's estimate: a quick ranking; the page model scores)."""
        context = self.context_key(hyp)
        return ranked(self.model, context, options)

    def has_evidence(self, hyp: Hyp) -> bool:
        """True when the decoding read something besides ``?`` marks: a garbled
        character, a trail byte, a reading or an entity. A run of bare ``?`` says nothing
        about what was there (and may be real question marks), except ``END_MARKS`` of
        them ending the block right after a Han character, a digit or ``%``: both bytes
        of its last character lost (real question marks do not come doubled there); the
        same before Han text, folded punctuation or a number."""
        after_text = is_han(self.prev) or self.prev.isdigit() or self.prev in "%％"
        if (hyp.pos == len(self.tokens) and self.start >= 1
                and self.marks[-1] == END_MARKS == len(self.tokens) - self.start
                and after_text):
            return True
        end = self.start + END_MARKS
        if (after_text and end < len(self.tokens) and self.marks[end - 1] == END_MARKS
                and self.tokens[end].kind == "char" and (is_han(self.tokens[end].text)
                                                          or self.tokens[end].text in FOLDED
                                                          or self.tokens[end].text in NUMBER)
                and self.tokens[end].text != "?"):
            # the same inside a block, before text (``二十??，累計``) or a number whose
            # first digit the lone byte swallowed (``達到??.42`` was 達到3.42)
            return True
        return any(token.kind != "char" or token.text != "?"
                   for step in hyp.steps if step.shifted
                   for token in self.tokens[step.first:step.last])

    # -- search --------------------------------------------------------------------
    def solve(self, start: int, prev: str, prev2: str = "", vanished: bool = False,
              ) -> tuple[Hyp, list[Hyp]] | None:
        """Search from the ``?`` at token ``start``; ``prev2 prev`` are the characters before.
        ``vanished``: token ``start`` is no ``?`` but the first garbled character of a
        run whose lead byte vanished without a mark (the decoder is out of step there).

        Returns the best hypothesis and the final ones, all in step at the same token,
        or None when no decoding beats the text as it stands.
        """
        self.start = start
        self.vanished = vanished
        self.prev = prev
        self.closers = (self.closers_at[start] if self.closers_at is not None else
                        expected_closers("".join(t.text for t in self.tokens[:start]
                                                 if t.kind == "char")))
        self.owed = self.closers - self.later[start]
        first = (Hyp(VANISHED_LEAD, start, ANY, prev, prev2, 0, "",
                     Step(start, start, "", True)) if vanished
                 else Hyp(0.0, start, None, prev, prev2, 0, ""))
        buckets: dict[int, list[Hyp]] = {start: [first]}
        pos = start
        limit = min(len(self.tokens), start + MAX_RUN)
        while True:
            hyps = prune(buckets.pop(pos, []))
            if pos > start and (pos >= limit or (all(h.pending is None for h in hyps)
                                                 and not buckets)):
                break
            if pos >= limit:
                hyps = []
                break
            tries = HIDDEN_FROM_HINTED if self.hint else HIDDEN_FROM
            for rank, hyp in enumerate(hyps):
                for new in self.expand(hyp, rank < tries):
                    buckets.setdefault(new.pos, []).append(new)
            if not buckets:
                return None
            pos = min(buckets)
        final = [h for h in hyps if h.pending is None]
        if not final:
            return None
        nxt = self.tokens[pos] if pos < len(self.tokens) else None
        right = nxt.text if nxt is not None and nxt.kind == "char" else ""
        for h in final:
            if right:
                h.score += self.page.logp(h.last2, h.last, right)
            elif nxt is None and h.last != BOS:
                h.score += self.page.logp_end(h.last)
        final.sort(key=lambda h: -h.score)
        best = final[0]
        if not any(s.shifted for s in best.steps) or not self.has_evidence(best):
            return None
        if best.score < self.identity_score(start, pos, prev, prev2) + MARGIN:
            return None
        return best, final

    def identity_score(self, start: int, end: int, prev: str, prev2: str) -> float:
        """The score of tokens ``[start, end)`` read as they stand (the page as it is),
        with the character after them, on the same terms as a decoding."""
        hyp = Hyp(0.0, start, None, prev, prev2, 0, "")
        for i in range(start, end):
            text = "" if self.tokens[i].kind == "ann" else self.tokens[i].text
            hyp = self.emit(hyp, Step(i, i + 1, text, False), None, i + 1)
        nxt = self.tokens[end] if end < len(self.tokens) else None
        if nxt is not None and nxt.kind == "char":
            return hyp.score + self.page.logp(hyp.last2, hyp.last, nxt.text)
        if nxt is None and hyp.last != BOS:
            return hyp.score + self.page.logp_end(hyp.last)
        return hyp.score


def prune_to(hyps: list[Hyp], size: int) -> list[Hyp]:
    """The ``size`` best hypotheses."""
    return sorted(hyps, key=lambda h: -h.score)[:size]


def prune(hyps: list[Hyp]) -> list[Hyp]:
    """The best ``BEAM`` hypotheses, one per state: pending bytes, dropped-pair state and
    the last two characters (everything the next steps are scored on: the model reads two
    characters back, so 基于此 and 在此 are different states); none more than
    ``BEAM_MARGIN`` behind the best."""
    best: dict[tuple, Hyp] = {}
    for hyp in hyps:
        key = (hyp.pending, hyp.last2, hyp.last, hyp.hidden)
        if key not in best or hyp.score > best[key].score:
            best[key] = hyp
    kept = sorted(best.values(), key=lambda h: -h.score)[:BEAM]
    return [h for h in kept if h.score >= kept[0].score - BEAM_MARGIN] if kept else kept


def run_text(hyp: Hyp) -> str:
    """The text a hypothesis gives its shifted region."""
    steps = shifted_region(hyp)
    return "".join(s.text for s in steps)


def shifted_region(hyp: Hyp) -> tuple[Step, ...]:
    """Steps from the first to the last shifted one."""
    steps = hyp.steps
    idx = [k for k, s in enumerate(steps) if s.shifted]
    return steps[idx[0]:idx[-1] + 1] if idx else ()


def posteriors(final: list[Hyp]) -> list[tuple[str, float]]:
    """Distinct region texts with their posterior probability, best first."""
    scores: dict[str, float] = {}
    for hyp in final:
        text = run_text(hyp)
        scores[text] = max(scores.get(text, -math.inf), hyp.score)
    top = max(scores.values())
    weights = {t: 10 ** (s - top) for t, s in scores.items()}
    total = sum(weights.values())
    return sorted(((t, w / total) for t, w in weights.items()), key=lambda x: -x[1])


def slot_posteriors(page: PageModel, before: str, after: str, slot: tuple[str, ...],
                    end: bool = False, closers: frozenset[str] = frozenset(),
                    owed: frozenset[str] = frozenset()) -> dict[str, float]:
    """How much the neighbours prefer each character of ``slot`` (sums to 1).

    ``before``: the two characters before (or fewer); ``after``: up to two after;
    ``end``: nothing follows, the block ends; ``closers``: closing marks the block
    expects (``expected_closers``), weighted by ``PAIR_BONUS``, or ``OWED_BONUS`` for
    those of them in ``owed`` (the rest of the block does not close them).
    """
    prev2, prev = ("", BOS, *before)[-2:]

    def score(c: str) -> float:
        s = page.logp(prev2, prev, c)
        if after:
            s += page.logp(prev, c, after[0])
        elif end:
            s += page.logp_end(c)
        if len(after) > 1:
            s += page.logp(c, after[0], after[1])
        if c in closers:
            s += OWED_BONUS if c in owed else PAIR_BONUS
        return s

    scores = {c: score(c) for c in slot}
    top = max(scores.values())
    weights = {c: 10 ** (v - top) for c, v in scores.items()}
    total = sum(weights.values())
    return {c: w / total for c, w in weights.items()}


@dataclass
class Piece:
    """What one step of the best decoding puts in the text, and whether it is a lost mark."""

    step: Step
    text: str
    lost: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    confidence: float = 1.0  # a freely chosen character: its posterior in context
    why: str = "character lost: no byte or reading evidence"


def changes_for(tokens: list[Token], best: Hyp, final: list[Hyp], page: PageModel,
                prev: str, at_block_start: bool,
                closers: frozenset[str] = frozenset(),
                owed: frozenset[str] = frozenset()) -> list[Change]:
    """The changes that replace the run's tokens by the best decoding.

    ``prev``: the (up to two) characters before the run. A freely chosen character whose
    neighbours do not clearly prefer it becomes the lost mark, with its candidates.
    """
    steps = shifted_region(best)
    ranked = posteriors(final)
    confidence = round(ranked[0][1], 3)
    runners = [Candidate(t, round(p, 3)) for t, p in ranked[1:4] if p >= RUNNER_UP]
    every = best.steps
    lead_in = every[:every.index(steps[0])]
    emitted = prev + "".join(s.text for s in lead_in)
    rivals, gaps = char_rivals(ranked)
    pieces = []
    offset = 0
    for k, step in enumerate(steps):
        piece = Piece(step, step.text, lost=step.text.startswith(LOST))
        last = k == len(steps) - 1
        mark_ambiguous(piece, rivals[offset:offset + len(step.text)],
                       gaps[offset:offset + len(step.text) + last])
        offset += len(step.text)
        if step.slot and step.text and not piece.lost and piece.text == step.text:
            after = step.text[1:] + ("".join(s.text for s in steps[k + 1:])
                                     or _next_char(tokens, steps[-1]))
            after = after.partition(LOST)[0]  # an unknown character ends the context
            end = not after and steps[-1].last >= len(tokens) and LOST not in step.text
            posterior = slot_posteriors(page, emitted[-2:], after[:2], step.slot, end, closers,
                                        owed)
            scored = sorted(((q, c) for c, q in posterior.items()), reverse=True)
            winner = scored[0][1]
            if (posterior[winner] >= SWAP_POSTERIOR and winner != step.text[0]
                    and hidden_fits(page.base, step, winner, after)):
                piece.text = winner + step.text[1:]  # the bytes allow the likelier one
                piece.confidence = posterior[winner]
            elif posterior[step.text[0]] < LOST_POSTERIOR:
                piece.lost = True
                piece.text = LOST + step.text[1:]
                piece.candidates = [Candidate(c, round(q, 3)) for q, c in scored[:3]]
            else:  # kept: no surer than its neighbours make it
                piece.confidence = posterior[step.text[0]]
        emitted += step.text
        pieces.append(piece)
    if at_block_start:
        for piece in pieces:
            stripped = piece.text.lstrip(SPACES)
            piece.text, done = stripped, bool(stripped)
            if done:
                break
    return group_changes(tokens, pieces, confidence, runners)


def char_rivals(ranked: list[tuple[str, float]],
                ) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """How far the readings ``ranked`` (text, posterior) agree with the best one,
    ``ranked[0]``, aligned character by character: for each of its characters, the
    posterior of each character the readings put there; for each gap before one of its
    characters (and after the last), the posterior of each text readings put there that
    the best reading lacks (a dropped pair it did not bridge)."""
    best = ranked[0][0]
    rivals: list[dict[str, float]] = [{c: 0.0} for c in best]
    gaps: list[dict[str, float]] = [{} for _ in range(len(best) + 1)]
    for text, share in ranked:
        matcher = difflib.SequenceMatcher(None, best, text, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "insert" or (op == "replace" and b1 - b0 > a1 - a0):
                extra = text[b0 + a1 - a0:b1] if op == "replace" else text[b0:b1]
                gaps[a1][extra] = gaps[a1].get(extra, 0.0) + share
            for k in range(a0, a1):
                if op == "equal":
                    other = best[k]
                elif op == "replace" and k - a0 < b1 - b0:
                    other = text[b0 + k - a0]
                else:
                    continue  # deleted: no vote
                rivals[k][other] = rivals[k].get(other, 0.0) + share
    return rivals, gaps


def mark_ambiguous(piece: Piece, rivals: list[dict[str, float]],
                   gaps: list[dict[str, float]]) -> None:
    """Mark lost each character of ``piece`` that the run's readings do not agree on
    (``AMBIGUOUS``), and each gap before one where readings with a character there
    weigh ``AMBIGUOUS_GAP`` or more; the characters they propose are its candidates."""
    chars: list[str] = []
    for k, char in enumerate(piece.text):
        votes = rivals[k] if k < len(rivals) else {}
        gap = gaps[k] if k < len(gaps) else {}
        if sum(gap.values()) >= AMBIGUOUS_GAP:
            chars.append(LOST)
            _lose(piece, gap)
        if k < len(rivals) and char != LOST and char not in SPACES and (
                votes.get(char, 0.0) < AMBIGUOUS):
            chars.append(LOST)
            _lose(piece, votes)
        else:
            chars.append(char)
    if len(gaps) > len(piece.text) and sum(gaps[-1].values()) >= AMBIGUOUS_GAP:
        chars.append(LOST)
        _lose(piece, gaps[-1])
    piece.text = "".join(chars)


def _lose(piece: Piece, votes: dict[str, float]) -> None:
    piece.lost = True
    ranked = sorted(votes.items(), key=lambda x: -x[1])[:3]
    piece.candidates += [Candidate(c, round(q, 3)) for c, q in ranked]
    piece.why = "character lost: the readings the bytes allow disagree on it"


def hidden_fits(model: LanguageModel, step: Step, char: str, after: str) -> bool:
    """True when ``step`` emits a dropped pair's character and ``char`` could stand there
    instead: its trail byte and the lead byte of the character after it make a pair the
    decoder drops."""
    if step.first != step.last or len(step.text) != 1 or not after:
        return False
    mine, nxt = pair_of(char), pair_of(after[0])
    return bool(mine and nxt and nxt[0] in drop_table(model).get(mine[1], ()))


def _next_char(tokens: list[Token], step: Step) -> str:
    return tokens[step.last].text if step.last < len(tokens) else ""


def group_changes(tokens: list[Token], pieces: list[Piece], confidence: float,
                  runners: list[Candidate]) -> list[Change]:
    """Pieces grouped into changes: each lost mark alone, decoded stretches together.

    A piece that emits nothing (a lost byte, an annotation) joins the piece after it.
    """
    groups: list[list[Piece]] = []
    pending: list[Piece] = []
    for piece in pieces:
        pending.append(piece)
        if not piece.text and piece is not pieces[-1]:
            continue
        if groups and not piece.lost and not groups[-1][-1].lost:
            groups[-1].extend(pending)
        else:
            groups.append(pending)
        pending = []
    changes = []
    for group in groups:
        first = min(p.step.first for p in group)
        last = max(p.step.last for p in group)
        start = tokens[first].start
        end = tokens[last - 1].end if last > first else start
        text = "".join(p.text for p in group)
        if any(p.lost for p in group):
            cands = [c for p in group for c in p.candidates]
            changes.append(Change(start, end, text, "lost", min(confidence, LOST_CONFIDENCE),
                                  cands, next(p.why for p in group if p.lost)))
        elif end > start or text:
            sure = round(calibrated(min([confidence, *(p.confidence for p in group)])), 3)
            changes.append(Change(start, end, text, "gbk-shift", sure, list(runners),
                                  "GBK decoded out of step"))
    return changes
