"""The phrase before a figure is found by patterns matched from its end (faster than a
forward search): they find what the forward definitions find, on the seeds' and dev
corpus's texts and on random strings of the characters and words that matter."""

from __future__ import annotations

import random

import pytest
import regex
from corpus_texts import normalized_texts

from checker.extract import indicators

# The definitions as a forward search reads them.
PHRASE_LEFT = regex.compile(
    rf"(?:{indicators._MONEY_CLASS})?{indicators._PHRASE_CHAR}{{1,24}}$")


def _texts_before_figures() -> list[str]:
    lefts = []
    for norm in normalized_texts():
        lefts += [norm[max(0, m.start() - 40):m.start()]
                  for m in regex.finditer(r"[0-9]+", norm)]
    return lefts


def _random_texts(alphabet: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            for _ in range(n)]


@pytest.fixture(scope="module")
def lefts() -> list[str]:
    crafted = ["完成50亿元重大项目", "亿元以上项目", "1.5万亿元" + "项" * 30, "项" * 30,
               "5元", "元", "12.3.4千元工业(含)", "abc\n", "、增长", ""]
    alphabet = [*"元亿万千0123456789.、a(B)增长项目 \n%", "万亿元", "项目" * 7]
    return _texts_before_figures() + crafted + _random_texts(alphabet, 20_000, 1)


def test_phrase_left_from_the_end_is_the_leftmost_match(lefts: list[str]) -> None:
    for left in lefts:
        forward, backward = PHRASE_LEFT.search(left), indicators._PHRASE_LEFT.search(left)
        assert (forward and forward.span()) == (backward and backward.span()), left


def test_tail_stripped_from_the_end_is_the_forward_search_s(lefts: list[str]) -> None:
    trail = indicators._TRAIL
    words = regex.findall(r"\p{Han}+", trail.pattern)
    phrases = [m.group() for left in lefts if (m := PHRASE_LEFT.search(left))]
    phrases += _random_texts(words + sorted(indicators._TRAIL_CHARS) + list("项目人地区"),
                             20_000, 2)
    for phrase in phrases:
        assert indicators._strip_trail(phrase) == trail.sub("", phrase), phrase
