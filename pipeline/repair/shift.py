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

import math
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import Candidate
from pipeline.repair.annotations import readings
from pipeline.repair.changes import Change
from pipeline.repair.gbk import LEADS, pair_of
from pipeline.repair.lm import BOS, SPACES, LanguageModel, PageModel
from pipeline.repair.tokens import Token

ANY = frozenset(LEADS)
TRAIL_SET = frozenset(range(0x40, 0xFF))
HIGH_TRAILS = range(0x80, 0xFF)
#: The lost-character mark.
LOST = "\u25a1"

# Costs of corruption events, in log10 probability.
LOST_LEAD = -3.0
EARLY_ANNOTATION = -1.0
HIDDEN_PAIR = -2.5
WRONG_ANNOTATION = -6.0
#: Bonus per character that matches the label the page's numbering expects.
HINT_BONUS = 8.0
#: Hypotheses kept per token position.
BEAM = 40
#: Hidden (dropped) pairs allowed per run, and shortlist size per lead byte.
MAX_HIDDEN = 3
HIDDEN_SHORTLIST = 6
#: Dropped pairs are tried when the best direct character scores below this (log10).
HIDDEN_TRIGGER = -6.0
#: Only the best few hypotheses at a position try dropped pairs.
HIDDEN_FROM = 3
#: Hypotheses kept after each level of dropped pairs.
HIDDEN_BEAM = 8
#: A run may not be longer than this many tokens.
MAX_RUN = 80
#: A freely chosen character whose local posterior is below this is marked lost.
LOST_POSTERIOR = 0.3
#: Runner-up readings are reported when their posterior is at least this.
RUNNER_UP = 0.01
#: A decoded run must beat the page as it stands by this margin (log10).
MARGIN = 1.0


@dataclass(frozen=True, slots=True)
class Step:
    """One transition: tokens ``[first, last)`` became ``text``.

    ``shifted``: not the identity; ``slot``: the alternatives of a freely chosen last
    character (no byte or reading evidence fixed it), for marking it lost.
    """

    first: int
    last: int
    text: str
    shifted: bool
    slot: tuple[str, ...] = ()


@dataclass(slots=True)
class Hyp:
    """A partial decoding of a run."""

    score: float
    pos: int
    pending: frozenset[int] | None
    last: str
    steps: tuple[Step, ...]
    hidden: int
    out: str


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


@lru_cache(maxsize=4096)
def _shortlist(model: LanguageModel, lead: int) -> tuple[str, ...]:
    drops = drop_table(model)
    found = [model.char(lead, t) for t in drops if model.char(lead, t)]
    found.sort(key=lambda c: -model.unigram(model.key(c)))
    return tuple(found[:HIDDEN_SHORTLIST])


def hidden_candidates(model: LanguageModel, lead: int, hint: str, size: int,
                      ) -> tuple[str, ...]:
    """Characters with ``lead`` whose trail can start a dropped pair: likely ones first."""
    drops = drop_table(model)
    extra = tuple(c for c in hint if (p := pair_of(c)) and p[0] == lead and p[1] in drops)
    return tuple(dict.fromkeys(_shortlist(model, lead)[:size] + extra))


def with_reading(model: LanguageModel, leads: frozenset[int], trails, reading: str,
                 ) -> list[tuple[int, int, str]]:
    """``(lead, trail, char)`` for characters in ``leads`` x ``trails`` read as ``reading``."""
    out = []
    for char in model.by_reading.get(reading, ""):
        pair = pair_of(char)
        if pair and pair[0] in leads and pair[1] in trails:
            out.append((pair[0], pair[1], char))
    return out


class Solver:
    """Decode the runs of one block of tokens."""

    def __init__(self, tokens: list[Token], context: RunContext):
        self.tokens = tokens
        self.page = context.page
        self.model = context.page.base
        self.hint = [self.model.key(c) for c in context.hint]

    # -- scoring -------------------------------------------------------------------
    def emit(self, hyp: Hyp, step: Step, pending, pos: int, cost: float = 0.0,
             hidden: int = 0) -> Hyp:
        """``hyp`` extended by ``step``: LM score of its text plus ``cost``."""
        score = hyp.score + cost
        last = hyp.last
        out = hyp.out
        for char in step.text:
            score += self.page.logp(last, char)
            last = char
            out += char
        if self.hint and step.text and len(hyp.out.lstrip(SPACES)) < len(self.hint):
            score += self.hint_bonus(hyp.out, out)
        return Hyp(score, pos, pending, last, (*hyp.steps, step), hyp.hidden + hidden, out)

    def hint_bonus(self, before: str, after: str) -> float:
        """Bonus for the characters of ``after`` beyond ``before`` that follow the hint."""
        old = before.lstrip(SPACES)
        new = after.lstrip(SPACES)
        keys = [self.model.key(c) for c in new[:len(self.hint)]]
        if keys != self.hint[:len(keys)]:
            return 0.0
        return HINT_BONUS * (len(keys) - min(len(old), len(self.hint)))

    # -- transitions ---------------------------------------------------------------
    def expand(self, hyp: Hyp, hidden: bool = True) -> list[Hyp]:
        """Every way ``hyp`` can consume its next token(s).

        Dropped pairs are only considered where the direct reading is poor: no valid
        character, an unlikely one, or one that breaks the expected label.
        """
        if hyp.pos >= len(self.tokens):
            return []
        if hyp.pending is None:
            return self.in_step(hyp)
        out = self.out_of_step(hyp, hyp.pending, [])
        if not hidden or hyp.hidden >= MAX_HIDDEN or len(hyp.pending) > 4:
            return out
        best = max((h.score - hyp.score for h in out), default=-math.inf)
        if best > HIDDEN_TRIGGER and not self.breaks_hint(out):
            return out
        first = self.hide(hyp, HIDDEN_SHORTLIST)
        for level in first:
            self.out_of_step(level, level.pending, out)
        if hyp.hidden + 1 < MAX_HIDDEN:
            second = prune_to([h for level in first for h in self.hide(level, 2)], HIDDEN_BEAM)
            for level in second:
                self.out_of_step(level, level.pending, out)
        return out

    def breaks_hint(self, hyps: list[Hyp]) -> bool:
        """True when every direct reading departs from the expected label."""
        if not self.hint or not hyps:
            return False
        if len(hyps[0].out.lstrip(SPACES)) > len(self.hint):
            return False
        return not any(self.hint_bonus(h.out[:-1], h.out) > 0 for h in hyps)

    def in_step(self, hyp: Hyp) -> list[Hyp]:
        i = hyp.pos
        token = self.tokens[i]
        if token.kind == "ann":
            return [self.emit(hyp, Step(i, i + 1, "", False), None, i + 1)]
        out = [self.emit(hyp, Step(i, i + 1, token.text, False), None, i + 1)]
        if token.text != "?":
            return out
        out.append(self.emit(hyp, Step(i, i + 1, "", True), ANY, i + 1, LOST_LEAD))
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        prev = pair_of(hyp.last) if hyp.last != BOS else None
        if nxt is not None and nxt.kind == "tail" and prev:
            leads = frozenset(lead for _, lead, _ in with_reading(
                self.model, frozenset({prev[1]}), TRAIL_SET, nxt.value))
            if leads:
                out.append(self.emit(hyp, Step(i, i + 2, "", True), leads, i + 2,
                                     EARLY_ANNOTATION))
        return out

    def hide(self, hyp: Hyp, size: int) -> list[Hyp]:
        """``hyp`` with one dropped pair emitted before its next token."""
        drops = drop_table(self.model)
        out = []
        for lead in hyp.pending:
            for char in hidden_candidates(self.model, lead, self.hint_text(), size):
                trail = pair_of(char)[1]
                step = Step(hyp.pos, hyp.pos, char, True)
                out.append(self.emit(hyp, step, drops[trail], hyp.pos, HIDDEN_PAIR, 1))
        return prune_to(out, HIDDEN_BEAM)

    def hint_text(self) -> str:
        return "".join(self.hint)

    def out_of_step(self, hyp: Hyp, pending: frozenset[int], out: list[Hyp]) -> list[Hyp]:
        i = hyp.pos
        token = self.tokens[i]
        free = pending is ANY
        if token.kind != "char":
            return out
        text = token.text
        if text == "?":
            self.lone(hyp, pending, out)
        pair = pair_of(text)
        if pair and (not text.isascii() or text in ",:;()?"):
            a, b = pair
            chars = [c for lead in pending if (c := self.model.char(lead, a))]
            slot = tuple(chars) if free else ()
            for char in chars:
                out.append(self.emit(hyp, Step(i, i + 1, char, True, slot), frozenset({b}), i + 1))
        elif text.isascii() and 0x40 <= ord(text) <= 0x7E:
            trail = ord(text)
            chars = [c for lead in pending if (c := self.model.char(lead, trail))]
            slot = tuple(chars) if free else ()
            nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            for char in chars:
                if nxt is not None and nxt.kind == "paren":
                    if nxt.value in readings(char):
                        out.append(self.emit(hyp, Step(i, i + 2, char, True), None, i + 2))
                        continue
                    cost = WRONG_ANNOTATION
                else:
                    cost = 0.0
                out.append(self.emit(hyp, Step(i, i + 1, char, True, slot), None, i + 1, cost))
        return out

    def lone(self, hyp: Hyp, pending: frozenset[int], out: list[Hyp]) -> None:
        """The ``?`` is the last byte of a character, alone before ASCII."""
        i = hyp.pos
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        trails = HIGH_TRAILS
        if nxt is not None and nxt.kind == "tail":
            for _, _, char in with_reading(self.model, pending, trails, nxt.value):
                out.append(self.emit(hyp, Step(i, i + 2, char, True), None, i + 2))
            return
        if nxt is not None and nxt.kind == "entity":
            suffix, last = nxt.value, i + 2
        elif nxt is None or (nxt.kind == "char" and nxt.text.isascii()
                             and (ord(nxt.text) < 0x40 or nxt.text == "\x7f")
                             and nxt.text not in "(&"):
            suffix, last = "", i + 1
        else:
            return
        if len(pending) > 4:
            out.append(self.emit(hyp, Step(i, last, LOST + suffix, True, (LOST,)), None, last,
                                 math.log10(1e-5)))
            return
        chars = [c for lead in pending for t in trails if (c := self.model.char(lead, t))]
        for char in chars:
            out.append(self.emit(hyp, Step(i, last, char + suffix, True, tuple(chars)),
                                 None, last))

    # -- search --------------------------------------------------------------------
    def solve(self, start: int, prev: str) -> tuple[Hyp, list[Hyp]] | None:
        """Search from the ``?`` at token ``start``; ``prev`` is the character before it.

        Returns the best hypothesis and the final ones, all in step at the same token,
        or None when no decoding beats the text as it stands.
        """
        buckets: dict[int, list[Hyp]] = {start: [Hyp(0.0, start, None, prev, (), 0, "")]}
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
            for rank, hyp in enumerate(hyps):
                for new in self.expand(hyp, rank < HIDDEN_FROM):
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
                h.score += self.page.logp(h.last, right)
        final.sort(key=lambda h: -h.score)
        best = final[0]
        if not any(s.shifted for s in best.steps):
            return None
        identity = [h for h in final if not any(s.shifted for s in h.steps)]
        if identity and best.score < identity[0].score + MARGIN:
            return None
        return best, final


def prune_to(hyps: list[Hyp], size: int) -> list[Hyp]:
    """The ``size`` best hypotheses."""
    return sorted(hyps, key=lambda h: -h.score)[:size]


def prune(hyps: list[Hyp]) -> list[Hyp]:
    """The best ``BEAM`` hypotheses, one per (pending bytes, last character)."""
    best: dict[tuple, Hyp] = {}
    for hyp in hyps:
        key = (hyp.pending, hyp.last, hyp.hidden)
        if key not in best or hyp.score > best[key].score:
            best[key] = hyp
    return sorted(best.values(), key=lambda h: -h.score)[:BEAM]


def run_text(hyp: Hyp) -> str:
    """The text a hypothesis gives its shifted region."""
    steps = shifted_region(hyp)
    return "".join(s.text for s in steps)


def shifted_region(hyp: Hyp) -> tuple[Step, ...]:
    """Steps from the first to the last shifted one."""
    idx = [k for k, s in enumerate(hyp.steps) if s.shifted]
    return hyp.steps[idx[0]:idx[-1] + 1] if idx else ()


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


def local_posterior(page: PageModel, prev: str, char: str, nxt: str,
                    slot: tuple[str, ...]) -> float:
    """How much the neighbours prefer ``char`` over the rest of its ``slot``."""
    def score(c: str) -> float:
        s = page.logp(prev, c)
        return s + page.logp(c, nxt) if nxt else s
    scores = [score(c) for c in slot]
    top = max(scores)
    total = sum(10 ** (s - top) for s in scores)
    return 10 ** (score(char) - top) / total


def changes_for(tokens: list[Token], best: Hyp, final: list[Hyp], page: PageModel,
                prev: str, at_block_start: bool) -> list[Change]:
    """The changes that replace the run's tokens by the best decoding."""
    steps = list(shifted_region(best))
    ranked = posteriors(final)
    confidence = round(ranked[0][1], 3)
    runners = [Candidate(t, round(p, 3)) for t, p in ranked[1:4] if p >= RUNNER_UP]
    # the character before each step, and after, for lost marking
    texts = [s.text for s in best.steps]
    first_idx = best.steps.index(steps[0])
    before = prev + "".join(texts[:first_idx])
    pieces: list[tuple[Step, str, bool, list[Candidate]]] = []
    emitted = before
    for k, step in enumerate(steps):
        text = step.text
        lost = False
        cands: list[Candidate] = []
        if step.slot and text and text[0] != LOST:
            after = "".join(s.text for s in steps[k + 1:]) or _next_char(tokens, steps[-1])
            char = text[0] if len(text) == 1 or step.slot and text[0] in step.slot else text
            p = local_posterior(page, emitted[-1] if emitted else BOS, char,
                                after[:1], step.slot)
            if p < LOST_POSTERIOR:
                lost = True
                ranked_slot = sorted(step.slot, key=lambda c: -local_posterior(
                    page, emitted[-1] if emitted else BOS, c, after[:1], step.slot))
                cands = [Candidate(c, round(local_posterior(
                    page, emitted[-1] if emitted else BOS, c, after[:1], step.slot), 3))
                    for c in ranked_slot[:3]]
                text = LOST + text[1:]
        elif step.slot and text and text[0] == LOST:
            lost = True
        emitted += step.text
        pieces.append((step, text, lost, cands))
    if at_block_start:
        for k, (step, text, lost, cands) in enumerate(pieces):
            pieces[k] = (step, text.lstrip(SPACES), lost, cands)
            if text.lstrip(SPACES):
                break
    return group_changes(tokens, pieces, confidence, runners)


def _next_char(tokens: list[Token], step: Step) -> str:
    return tokens[step.last].text if step.last < len(tokens) else ""


def group_changes(tokens: list[Token], pieces, confidence: float,
                  runners: list[Candidate]) -> list[Change]:
    """Consecutive pieces grouped into changes: decoded runs and lost characters."""
    changes: list[Change] = []
    group: list = []

    def flush() -> None:
        if not group:
            return
        first = min(s.first for s, *_ in group)
        last = max(s.last for s, *_ in group)
        text = "".join(t for _, t, _, _ in group)
        lost = any(flag for _, _, flag, _ in group)
        start = tokens[first].start
        end = tokens[last - 1].end if last > first else start
        if lost:
            cands = [c for *_, cs in group for c in cs]
            changes.append(Change(start, end, text, "lost", min(confidence, 0.2), cands,
                                  "character lost: no byte or reading evidence"))
        else:
            changes.append(Change(start, end, text, "gbk-shift", confidence, list(runners),
                                  "GBK decoded out of step"))
        group.clear()

    for piece in pieces:
        step, _, lost, _ = piece
        if group and (lost or group[-1][2]) and step.last > step.first:
            flush()
        group.append(piece)
    flush()
    return [c for c in changes if c.end > c.start or c.replacement]
