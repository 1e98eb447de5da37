"""The longest suffix of a text that a simple pattern matches, by an automaton run from
the end of the text.

For a pattern ending in ``$`` and matching the empty text (a tail to strip:
``P.sub("", text)``), the one non-empty match is the longest suffix ``P`` matches. The
`regex` engine finds it by trying each start, and on each start that fails backtracks
through every combination of the pattern's optional parts (~15-25k instructions a call
for indicators._TRAIL, however short the text). Read from the end one character at a
time, by a deterministic automaton whose states are built when first reached (keyed by
state and character: the pattern's vocabulary, not texts), the same suffix costs a
dictionary lookup per character.

The automaton is Glushkov's (one state per literal character of the pattern, no empty
moves), read backwards: a state set holds the pattern positions the leftmost character
read so far can stand for. The patterns understood are literal characters (``\\(``,
``\\)`` escaped), non-capturing groups ``(?:…)``, alternation ``|``, the quantifiers
``?`` and ``*``, a negative lookbehind of one character class right before a literal
(``(?<![人亩户平])均``, whose characters the pattern never reads) and ``$`` at the end;
anything else raises ValueError, so that a pattern edited beyond that is not misread.
"""

from __future__ import annotations

_META = frozenset("()|?*+{}[]\\$^.")

# A parsed pattern: ("chr", position) | ("cat", [nodes]) | ("alt", [nodes])
# | ("opt", node) | ("star", node).
_Node = tuple


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p, self.i = pattern, 0
        self.chars: list[str] = []  # per position: its literal character
        self.guards: list[frozenset[str]] = []  # per position: characters it may not follow

    def fail(self, why: str) -> ValueError:
        return ValueError(f"suffix_automaton: {why} at {self.i} of {self.p!r}")

    def alternation(self) -> _Node:
        branches = [self.sequence()]
        while self.p.startswith("|", self.i):
            self.i += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self) -> _Node:
        items = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            items.append(self.quantified())
        return ("cat", items)

    def quantified(self) -> _Node:
        node = self.atom()
        how = self.p[self.i] if self.i < len(self.p) else ""
        if how not in ("?", "*"):
            return node
        self.i += 1
        if self.p.startswith(("?", "+"), self.i):
            raise self.fail("lazy or possessive quantifier")
        return ("opt" if how == "?" else "star", node)

    def atom(self) -> _Node:
        p, i = self.p, self.i
        if p.startswith("(?:", i):
            self.i += 3
            node = self.alternation()
            if not p.startswith(")", self.i):
                raise self.fail("expected ')'")
            self.i += 1
            return node
        guard: frozenset[str] = frozenset()
        if p.startswith("(?<![", i):
            end = p.find("])", i)
            if end < 0 or any(c in _META or c == "-" for c in p[i + 5:end]):
                raise self.fail("lookbehind other than one plain character class")
            guard, i = frozenset(p[i + 5:end]), end + 2
        if p.startswith("\\", i) and i + 1 < len(p) and p[i + 1] in "()":
            char, self.i = p[i + 1], i + 2
        elif i < len(p) and p[i] not in _META:
            char, self.i = p[i], i + 1
        else:
            raise self.fail("unsupported construct")
        self.chars.append(char)
        self.guards.append(guard)
        return ("chr", len(self.chars) - 1)


class SuffixAutomaton:
    """:meth:`tail_start` of a text: where the longest suffix the pattern matches starts."""

    def __init__(self, pattern: str) -> None:
        if not pattern.endswith("$") or pattern.endswith("\\$"):
            raise ValueError(f"suffix_automaton: {pattern!r} does not end with $")
        parser = _Parser(pattern[:-1])
        tree = parser.alternation()
        if parser.i != len(parser.p):
            raise parser.fail("unbalanced ')'")
        self._chars, guards = parser.chars, parser.guards
        # Glushkov's sets: which positions can come before which (read backwards, the
        # next state), which can end a match (read first) and which can start one.
        self._before: list[set[int]] = [set() for _ in self._chars]
        nullable, first, last = self._sets(tree)
        if not nullable:
            raise ValueError(f"suffix_automaton: {pattern!r} does not match the empty text")
        if any(c in g for g in guards for c in self._chars):
            raise ValueError("suffix_automaton: a lookbehind names a character the pattern "
                             "reads")
        self._starts = frozenset(first)
        self._guards = {q: g for q, g in enumerate(guards) if g}
        # the characters the pattern reads: a text ending in any other has no tail
        self.alphabet = frozenset(self._chars)
        # Deterministic states (sets of positions), numbered as they are reached: 0 is the
        # dead one, 1 the start (nothing read). Per state: its moves by character and
        # whether what was read is a match (see _step).
        self._sets: list[frozenset[int]] = [frozenset(), frozenset()]
        self._number: dict[frozenset[int], int] = {}
        self._next: list[dict[str, int]] = [{}, {}]
        self._matched: list[bool | None] = [False, True]
        self._last = frozenset(last)

    def _sets(self, node: _Node) -> tuple[bool, set[int], set[int]]:
        """(nullable, first positions, last positions) of ``node``; fills _before."""
        kind, arg = node
        if kind == "chr":
            return False, {arg}, {arg}
        if kind in ("opt", "star"):
            _, first, last = self._sets(arg)
            if kind == "star":
                for x in first:
                    self._before[x] |= last
            return True, first, last
        parts = [self._sets(child) for child in arg]
        if kind == "alt":
            return (any(n for n, _, _ in parts), set().union(*(f for _, f, _ in parts)),
                    set().union(*(t for _, _, t in parts)))
        nullable, first, last = True, set(), set()  # "cat"
        for n, f, t in parts:
            for x in f:
                self._before[x] |= last
            first |= f if nullable else set()
            last = t | (last if n else set())
            nullable = nullable and n
        return nullable, first, last

    def tail_start(self, text: str) -> int:
        """Start of the longest suffix of ``text`` the pattern matches (``len(text)`` for
        the empty one): ``pattern.search(text).start()`` for a text without a line end
        (where ``$`` would also match before a final one)."""
        state, best = 1, len(text)
        moves, matched_in = self._next, self._matched  # (read once: a per-figure loop)
        for pos in range(len(text) - 1, -1, -1):
            char = text[pos]
            step = moves[state].get(char)
            if step is None:
                if char not in self.alphabet:
                    break
                step = self._step(state, char)
            state = step
            if state == 0:
                break
            matched = matched_in[state]
            if matched or (matched is None
                           and (not pos or self._may_follow(state, text[pos - 1]))):
                best = pos
        return best

    def _may_follow(self, state: int, before: str) -> bool:
        """Whether a match starting at one of ``state``'s positions, all of them behind a
        lookbehind, may follow ``before``."""
        return any(before not in self._guards[q] for q in self._sets[state] & self._starts)

    def _step(self, state: int, char: str) -> int:
        came = self._last if state == 1 else {x for y in self._sets[state]
                                               for x in self._before[y]}
        reached = frozenset(x for x in came if self._chars[x] == char)
        if not reached:
            target = 0
        elif reached in self._number:
            target = self._number[reached]
        else:
            target = self._number[reached] = len(self._sets)
            self._sets.append(reached)
            self._next.append({})
            # True: what was read is a match; None: only after a character that its
            # lookbehinds let pass (every position it may start at has one); False: none
            starts = reached & self._starts
            self._matched.append(False if not starts else None
                                 if all(q in self._guards for q in starts) else True)
        self._next[state][char] = target
        return target
