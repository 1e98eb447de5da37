"""The normalised view: simplified, half-width, no pinyin debris, offsets back exact."""

from __future__ import annotations

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
