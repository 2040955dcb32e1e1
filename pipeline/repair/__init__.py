"""Repair: undo the damage of scraping (pinyin annotations, mojibake) in blocks of text.

``repair_blocks`` repairs the blocks of one page together: it first learns the page (its
clean text for the language model, its numbering), then decodes every run of GBK read
out of step (``shift``), then the other mojibake families, entities, tags and lost text
(``families``), then removes validated annotations. A later finder never touches a span
an earlier one changed. ``repair_text`` repairs one block on its own.

Each result has the repaired text and the changes made (in text order), each change a
span of the original block, with the span of its replacement in the repaired text, so
that the flow can trace every character back to the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.repair.annotations import find_annotations
from pipeline.repair.changes import Change, apply_changes, clear_of, span_key
from pipeline.repair.families import find_family_changes
from pipeline.repair.lm import BOS, PageModel, load
from pipeline.repair.numbering import expected_labels
from pipeline.repair.segments import GBK_LATIN1, UTF8_LATIN1
from pipeline.repair.shift import (
    LOST,
    LOST_CONFIDENCE,
    MAX_RUN,
    RunContext,
    Solver,
    changes_for,
    closers_after,
    open_closers,
    openers_owed,
    question_marks,
    shifted_region,
)
from pipeline.repair.tokens import Token, is_han, tokenize
from pipeline.repair.unmarked import (
    ANNOTATED_TRAIL_RE,
    RareChars,
    annotated_trails,
    rare_chars,
    suspect_starts,
)

#: A block whose first characters have a ``?`` may have lost its label there.
LABEL_GARBLE = 2
#: Runs at least this long (characters of the page) that stand twice on a page are
#: decoded the same way.
SAME_GARBLE = 3
#: Characters after a ``?`` that page learning skips (they may be garbled).
SKIP_AFTER_QUESTION = 12
#: Runs of ``?`` the solver takes on one page. A real page holds tens to hundreds; a
#: hostile one thousands, each costing milliseconds, so past this the runs are left as
#: they stand and the page says so (a bounded, deterministic cost per page).
MAX_RUNS_PER_PAGE = 2000
#: Family changes that win over runs they overlap: text read as Latin-1 (cp1252).
LATIN1_KINDS = frozenset({UTF8_LATIN1.kind, GBK_LATIN1.kind})


@dataclass
class _Budget:
    """How many more runs the solver may take on this page, and how many it left."""

    left: int = MAX_RUNS_PER_PAGE
    skipped: int = 0

    def take(self) -> bool:
        """Spend one run; False (and the run counted as skipped) when none is left."""
        if self.left <= 0:
            self.skipped += 1
            return False
        self.left -= 1
        return True


@dataclass
class PageRepair:
    """The repaired blocks of one page, and warnings a reader should see."""

    blocks: list[RepairResult]
    warnings: list[str]


@dataclass
class RepairResult:
    """A repaired block: its text, the changes made, and where each change landed."""

    text: str
    changes: list[Change]
    spans: list[tuple[int, int]]


@dataclass
class _Block:
    text: str
    annotations: list[Change]
    tokens: list[Token]
    plain: str  # the text without its annotations
    plain_spans: list[tuple[int, int]]  # where each annotation's (empty) replacement is
    suspicious: bool = False  # it has a very rare character or an annotated trail byte:
    # runs with no ? are sought
    suspects: list[int] = field(default_factory=list)  # runs with no ? may start here
    # the starts weighed together for a run that ends at an annotated trail byte, by the
    # earliest
    trails: dict[int, tuple[int, ...]] = field(default_factory=dict)


def _prepare(text: str, rare: RareChars | None = None) -> _Block:
    """The block's annotations, its text without them, and its tokens when it has a
    ``?`` to solve or a character rarer than out-of-step text shows (``rare``, see
    ``unmarked``)."""
    annotations = find_annotations(text)
    plain, spans = apply_changes(text, annotations)
    suspicious = rare is not None and (rare.suspicious(text)
                                       or ANNOTATED_TRAIL_RE.search(text) is not None)
    if "?" not in text and not suspicious:
        return _Block(text, annotations, [], plain, spans)
    return _Block(text, annotations, tokenize(text, [(c.start, c.end) for c in annotations]),
                  plain, spans, suspicious=suspicious)


def _clean_parts(block: _Block) -> list[tuple[str, bool, bool]]:
    """Pieces of the block that are clean text (no annotation, away from any ``?`` and
    any suspected start of a run with no ``?``), each with whether it starts and whether
    it ends the block."""
    if not block.tokens:
        return [(block.plain, True, True)]
    parts: list[tuple[str, bool, bool]] = []
    current: list[str] = []
    skip = 0
    start = True
    for index, token in enumerate(block.tokens):
        if token.kind == "ann":
            continue
        if token.text == "?" or index in block.suspects:
            skip = SKIP_AFTER_QUESTION
        if skip:
            skip -= 1
            if current:
                parts.append(("".join(current), start, False))
                current = []
            start = False
            continue
        current.append(token.text)
    if current:
        parts.append(("".join(current), start, True))
    return parts


def _previous(tokens: list[Token]) -> list[tuple[str, str]]:
    """For each token, the two characters before it (``BOS`` at the block start); one
    pass, so that a block of many runs stays linear."""
    before: list[tuple[str, str]] = []
    prev2, prev = "", BOS
    for token in tokens:
        before.append((prev2, prev))
        if token.kind == "char":
            prev2, prev = prev, token.text
    return before


def _solve_block(block: _Block, page: PageModel, hint: str,
                 budget: _Budget | None = None) -> list[Change]:
    """GBK run changes, then family changes, then annotations: non-overlapping, in order.

    When there are only annotations, the block's own ``annotations`` list is returned.
    """
    runs: list[Change] = []
    tokens = block.tokens
    marks = question_marks(tokens)
    previous = _previous(tokens)
    closers = open_closers(tokens)
    later = closers_after(tokens)
    openers = openers_owed(tokens)
    first_text = next((k for k, t in enumerate(tokens) if not t.text.isspace()), len(tokens))
    failed: set[tuple] = set()  # runs no decoding beat, by all the solver reads of them
    tail: tuple[int, str] = (-1, "")  # where the last decoded run ended, and its text

    def decoded_before(i: int) -> tuple[str, str]:
        """The two characters before token ``i``, as far as a run decoded just before
        it reaches (``就?xiàn)I??``: the ``??`` follow 業, not ``I``)."""
        end, text = tail
        if end < 0 or i < end:
            return previous[i]
        chars = text + "".join(t.text for t in tokens[end:i] if t.kind == "char")
        chars = chars.replace(LOST, "")[-2:]
        return previous[i] if not chars else (("", BOS, *chars)[-2], chars[-1])

    def accept(start: int, best, changes: list[Change], prev2: str, prev: str) -> int:
        """Take a decoded run's changes; the token to go on from."""
        nonlocal tail
        runs.extend(changes)
        end = max(start + 1, shifted_region(best)[-1].last)
        before = "".join(c for c in (prev2, prev) if c != BOS)
        tail = (end, before + "".join(c.replacement for c in changes))
        return end

    suspects = set(block.suspects)
    i = 0
    while i < len(tokens):
        if tokens[i].text != "?":
            found = (_unmarked_run(tokens, block.trails.get(i) or (i, i + 1), suspects,
                                   page, decoded_before, (marks, closers, later, openers),
                                   budget)
                     if i in suspects else None)
            if found is None:
                i += 1
                continue
            i, solver, best, final, (prev2, prev) = found
            i = accept(i, best, changes_for(tokens, best, final, page, prev2 + prev,
                                            i <= first_text, solver.closers, solver.owed),
                       prev2, prev)
            continue
        at_start = i <= first_text
        # a label's rest is owed only by a run among the block's first few characters
        run_hint = (_label_rest(tokens[:i], hint, page)
                    if hint and i - first_text < len(hint) else "")
        prev2, prev = decoded_before(i)
        key = _run_key(tokens, i, prev2, prev, run_hint, marks[i], closers[i], later[i])
        if key not in failed and budget is not None and not budget.take():
            i += 1
            while i < len(tokens) and tokens[i].text == "?":
                i += 1  # left as it stands: the page's budget of runs is spent
            continue
        solver = Solver(tokens, RunContext(page, run_hint), marks, closers, later, openers)
        found = None if key in failed else solver.solve(i, prev, prev2)
        if found is None:
            failed.add(key)
            i += 1
            while i < len(tokens) and tokens[i].text == "?":
                i += 1  # the rest of a run of ? that could not be decoded
            continue
        best, final = found
        found_changes = changes_for(tokens, best, final, page, prev2 + prev, at_start,
                                    solver.closers, solver.owed)
        if run_hint:
            _credit_numbering(found_changes, run_hint, page.base.keys)
        i = accept(i, best, found_changes, prev2, prev)
    runs += clear_of(_unsolved_tails(tokens, page), runs)
    families = find_family_changes(block.text)
    # a Latin-1 view's repair is proven by its bytes: runs found inside one give way (a
    # ``€`` of cp1252 mojibake is no GBK trail byte 0x80)
    proven = [c for c in families if c.kind in LATIN1_KINDS]
    runs = proven + clear_of(runs, proven)
    changes = runs + clear_of(families, runs)
    if not changes:
        return block.annotations  # already in text order
    changes += clear_of(block.annotations, changes)
    return sorted(changes, key=span_key)


def _unmarked_run(tokens: list[Token], starts: tuple[int, ...], suspects: set[int],
                  page: PageModel, decoded_before, tables: tuple, budget: _Budget | None):
    """Decode a run with no ``?`` from whichever of the suspected ``starts``
    (``unmarked``) decodes best against the text as it stands. Returns ``(start, solver,
    best, final, (prev2, prev))`` or None."""
    best_gain, chosen = 0.0, None
    for start in starts:
        if start not in suspects:
            continue
        if budget is not None:
            if budget.left <= 0:
                break  # a suspicion is no run: it is not counted as one left standing
            budget.take()
        prev2, prev = decoded_before(start)
        solver = Solver(tokens, RunContext(page), *tables)
        found = solver.solve(start, prev, prev2, vanished=True)
        if found is None:
            continue
        gain = found[0].score - solver.identity_score(start, found[0].pos, prev, prev2)
        if chosen is None or gain > best_gain:
            best_gain, chosen = gain, (start, solver, *found, (prev2, prev))
    if chosen is not None and _marked_run_explains(tokens, chosen, best_gain, page, tables):
        return None
    return chosen


def _marked_run_explains(tokens: list[Token], chosen: tuple, gain: float, page: PageModel,
                         tables: tuple) -> bool:
    """True when a ``?`` right after the suspected start begins a run that decodes at
    least as well with the suspect read as it stands (a rare name before a run: 在鄠?cè)藛T
    is 在鄠人員, the ``?`` the lone lead of 人, not 在多側員): the ``?`` is where the decoder
    went out of step, and the main loop decodes from it."""
    start, _, _, _, (_, prev) = chosen
    mark = start + 1
    if mark >= len(tokens) or tokens[mark].text != "?" or tokens[start].kind != "char":
        return False
    solver = Solver(tokens, RunContext(page), *tables)
    before = tokens[start].text
    found = solver.solve(mark, before, prev)
    if found is None:
        return False
    return found[0].score - solver.identity_score(mark, found[0].pos, before, prev) >= gain


def _run_key(tokens: list[Token], i: int, *context) -> tuple:
    """Everything the solver reads of a run from token ``i`` (its tokens up to the run's
    longest, the one after, and ``context``): a run the same in all of it as one that
    could not be decoded cannot be either (a page of one pattern repeated stays cheap).
    The solver reads up to two tokens past a run of ``MAX_RUN``."""
    window = tuple((t.kind, t.text, t.value) for t in tokens[i:i + MAX_RUN + 2])
    return (window, *context)


def _label_rest(before: list[Token], hint: str, page: PageModel) -> str:
    """What of the expected label ``hint`` a run after the tokens ``before`` must
    supply: all of it at the block's start, the rest when the block starts with part of
    it (``第`` before ``?`` in 第?條); nothing when the label is complete or differs."""
    if not hint or any(t.kind != "char" for t in before):
        return ""
    done = page.base.keys("".join(t.text for t in before).lstrip("\u3000 "))
    return hint[len(done):] if len(done) < len(hint) and hint.startswith(done) else ""


def _credit_numbering(changes: list[Change], hint: str, keys=str) -> None:
    """Say in the provenance when a decoded label is the one the page's numbering implies
    (its bytes may not spell it alone: the label before and after do); ``keys`` maps
    the decoded text to the hint's Simplified spelling."""
    for change in changes:
        if change.kind == "gbk-shift" and keys(change.replacement.lstrip("\u3000 ")
                                               ).startswith(hint):
            change.note += f"; label {hint} implied by the page's numbering"
            return


def _unsolved_tails(tokens: list[Token], page: PageModel) -> list[Change]:
    """``?pīn)`` after a Han character that no decoding explained: a lone byte ate the
    ``(`` of an annotation, so a character is lost there; mark it, drop the reading."""
    changes = []
    for before, mark, tail in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if (tail.kind == "tail" and mark.text == "?" and is_han(before.text)
                and tail.value in page.base.by_reading):
            changes.append(Change(mark.start, tail.end, LOST, "lost", LOST_CONFIDENCE, [],
                                  f"a lone byte ate the ( of the annotation {tail.value}; "
                                  "the character could not be decoded"))
    return changes


def overlaps(change: Change, others: list[Change]) -> bool:
    """True if ``change`` shares a character with any of ``others`` (an insertion counts
    as one character)."""
    return not clear_of([change], others)


def repair_blocks(texts: list[str]) -> list[RepairResult]:
    """Repair the blocks of one page, using the whole page as context."""
    return repair_page(texts).blocks


def repair_page(texts: list[str]) -> PageRepair:
    """Repair the blocks of one page, using the whole page as context; with a warning
    when the page held more runs than ``MAX_RUNS_PER_PAGE`` (the rest stand as they were)."""
    model = load()
    rare = rare_chars(model)
    blocks = [_prepare(t, rare) for t in texts]
    empty = PageModel(model)  # suspected runs are found before the page is learned
    for block in blocks:
        if block.suspicious:
            block.trails = annotated_trails(block.tokens, model)
            block.suspects = sorted(set(suspect_starts(block.tokens, empty)).union(
                *block.trails.values()))
            if not block.suspects and "?" not in block.text:
                block.tokens = []  # a rare word (纾困), no run: nothing to solve
    page = PageModel(model)
    if any(block.tokens for block in blocks):  # only a ``?`` to solve consults the page
        for block in blocks:
            for part, start, end in _clean_parts(block):
                page.learn(part, start=start, end=end)
    hints = expected_labels([b.plain for b in blocks],
                            lambda t: "?" in t.lstrip("\u3000 ")[:LABEL_GARBLE], model.keys)
    budget = _Budget(MAX_RUNS_PER_PAGE)
    solved = [_solve_block(block, page, hints.get(index, ""), budget)
              for index, block in enumerate(blocks)]
    for index, hint in _decoded_hints(blocks, solved, hints, model.keys).items():
        solved[index] = _solve_block(blocks[index], page, hint, budget)
    _same_garble_same_text(texts, solved)
    results = []
    for block, changes in zip(blocks, solved, strict=True):
        if changes is block.annotations:
            fixed, spans = block.plain, block.plain_spans
        else:
            fixed, spans = apply_changes(block.text, changes)
        results.append(RepairResult(fixed, changes, spans))
    warnings = [f"repair: {budget.skipped} runs of ? left as they stand (a page's first "
                f"{MAX_RUNS_PER_PAGE} runs are solved)"] if budget.skipped else []
    return PageRepair(results, warnings)


def _decoded_hints(blocks: list[_Block], solved: list[list[Change]], hints: dict[int, str],
                   keys) -> dict[int, str]:
    """Labels the numbering implies once the blocks are decoded, for blocks that start
    garbled, had no label to expect and did not decode to it: when the labelled blocks
    around one were garbled too (（二）（三）（五）（七）, each a run), only their decoding
    shows the numbering that implies （六）."""
    texts = [block.plain if changes is block.annotations else
             apply_changes(block.text, changes)[0]
             for block, changes in zip(blocks, solved, strict=True)]
    started = {texts[i] for i, b in enumerate(blocks)
               if "?" in b.plain.lstrip("\u3000 ")[:LABEL_GARBLE]}
    found = expected_labels(texts, lambda t: t in started, keys)
    return {i: label for i, label in found.items()
            if i not in hints and not keys(texts[i].lstrip("\u3000 ")).startswith(label)}


def _same_garble_same_text(texts: list[str], solved: list[list[Change]]) -> None:
    """The same garbled string (with the character before it, whose bytes the decoding
    may use) decodes the same way wherever it stands on the page: every such run takes
    the decoding of the surest one, and its confidence."""
    def key(text: str, change: Change) -> str:
        return text[max(0, change.start - 1):change.end]

    surest: dict[str, Change] = {}
    for text, changes in zip(texts, solved, strict=True):
        for change in changes:
            if change.kind == "gbk-shift" and change.end - change.start >= SAME_GARBLE:
                best = surest.get(key(text, change))
                if best is None or change.confidence > best.confidence:
                    surest[key(text, change)] = change
    for text, changes in zip(texts, solved, strict=True):
        for change in changes:
            best = surest.get(key(text, change)) if change.kind == "gbk-shift" else None
            if best is not None and best.replacement != change.replacement:
                change.replacement, change.confidence = best.replacement, best.confidence
                change.candidates = list(best.candidates)
                change.note += "; as the same garble elsewhere on the page"


def repair_text(text: str) -> RepairResult:
    """Repair one block of text; clean text comes back unchanged with no changes."""
    return repair_blocks([text])[0]
