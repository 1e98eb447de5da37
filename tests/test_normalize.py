"""The normalised view: simplified, half-width, no pinyin debris, offsets back exact."""

from __future__ import annotations

from corpus_texts import raw_texts

from checker.text.normalize import normalize, to_simplified


def test_traditional_to_simplified_keeps_length() -> None:
    text = "全區實現生產總值644.63億元,新增3.2萬人,45個項目,下降0.3個百分點"
    out = to_simplified(text)
    assert len(out) == len(text)
    assert out == "全区实现生产总值644.63亿元,新增3.2万人,45个项目,下降0.3个百分点"


def test_traditional_view_is_identity_mapped() -> None:
    view = normalize("規模以上工業增加值194.6億元")
    assert view.norm == "规模以上工业增加值194.6亿元"
    assert view.span(9, 16) == (9, 16)


def test_pinyin_gloss_removed_and_offsets_map_back() -> None:
    text = "新開工項(xiàng)目45個,已完成11項(xiàng),重點(diǎn)工作"
    view = normalize(text)
    assert view.norm == "新开工项目45个,已完成11项,重点工作"
    for quote in ("45個", "11項", "項(xiàng)目", "重點(diǎn)工作"):
        a = text.index(quote)
        # the normalised span of this quote maps back to exactly the original characters
        simple = normalize(quote).norm
        n = view.norm.index(simple)
        assert view.span(n, n + len(simple)) == (a, a + len(quote))
        assert text[slice(*view.span(n, n + len(simple)))] == quote


def test_brackets_without_tones_are_kept() -> None:
    assert normalize("生产总值(GDP)增长5%").norm == "生产总值(GDP)增长5%"


def test_full_width_digits_and_punctuation() -> None:
    text = "增长７．５％，就业１２３４５人；（预期）：１—９月"
    view = normalize(text)
    assert view.norm == "增长7.5%,就业12345人;(预期):1-9月"
    assert len(view.norm) == len(text)


def test_zero_width_characters_removed() -> None:
    text = "增长\u200b8%"
    view = normalize(text)
    assert view.norm == "增长8%"
    assert text[slice(*view.span(2, 4))] == "8%"


def test_ratio_colon() -> None:
    assert normalize("12.36∶48.34∶39.3").norm == "12.36:48.34:39.3"


def test_characters_are_the_set_of_a_texts_characters() -> None:
    from checker.text.normalize import characters

    spread = "".join(map(chr, range(0, 0x3100, 7)))
    for text in ("", "增长7.5%", "項(xiàng)目\u200b\ud800𠀀😀", spread):
        assert characters(text) == set(text)


def _gb2312_characters() -> set[str]:
    # each two-byte code alone (a newline after each: a bad code never takes the next
    # one's bytes), so every character the codec decodes is read
    codes = bytes(b for hi in range(0xA1, 0xFF) for lo in range(0xA1, 0xFF)
                  for b in (hi, lo, 0x0A))
    return set(codes.decode("gb2312", "ignore")) - {"\n"}


def test_gb2312_changed_are_the_gb2312_characters_t2s_changes() -> None:
    from checker.text import normalize as n

    table = _gb2312_characters()
    # the decoded table is every character the codec encodes (none is missed)
    for code in range(0x80, 0x10000):
        c = chr(code)
        if not 0xD800 <= code < 0xE000 and c not in table:
            try:
                c.encode("gb2312")
            except UnicodeEncodeError:
                continue
            raise AssertionError(f"{c!r} encodes in GB2312 but is not in its table")
    n._classify(table)
    assert {c for c in table if c in n._CHANGED} == n.GB2312_CHANGED


def test_to_simplified_is_the_character_set_path() -> None:
    import random

    from checker.text import normalize as n

    texts = list(raw_texts())
    rng = random.Random(5)
    # simplified and traditional characters, GB2312's changed ones, characters outside
    # GB2312 (•, —, a no-break space, a zero-width space, rare and astral Han, a lone
    # surrogate), full-width forms
    alphabet = ("的一是國後於乾發发臺台麽么著着鬱郁•—\u00a0\u200b堃珺𠀋\ud800ā,，。\n 1２Ａ"
                + "".join(sorted(n.GB2312_CHANGED)))
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
              for _ in range(3000)]
    texts += ["中華人民共和國國務院關於2022年經濟運行情況的報告", "乾隆後來於此"]
    # a traditional text: past _MAX_OUTSIDE_RUNS runs outside GB2312, the whole set
    texts += ["國的" * 70 + "乾", "國的" * 64 + "乾"]
    changed = 0
    for text in texts:
        expected = n._simplified(text, n.characters(text))
        assert to_simplified(text) == expected, text
        changed += expected != text
    assert changed > 100


def test_normalize_is_the_character_set_path(monkeypatch) -> None:
    import random

    from checker.text import normalize as n

    texts = list(raw_texts())
    rng = random.Random(9)
    # every character normalize replaces, deletes or simplifies, among others
    notable = "".join(sorted({*n._ONE_FOR_ONE, *n._TONED_SET, *n._ZERO_WIDTH_SET,
                              *n.GB2312_CHANGED}))
    alphabet = notable + "的一是國發发項目(x)增长7.5%•\u00a0堃𠀋\ud800\n "
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
              for _ in range(3000)]
    texts += ["項(xiàng)目\u200b完成１２．５％", "中華人民共和國國務院關於2022年的報告",
              "國的項(xiàng)目，" * 70]  # (a traditional text: the whole set, see above)
    views = [normalize(t) for t in texts]
    monkeypatch.setattr(n, "_notable", n.characters)  # the whole set of characters
    assert views == [normalize(t) for t in texts]
    assert sum(v.norm != t for v, t in zip(views, texts, strict=True)) > 1000
