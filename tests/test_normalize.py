"""Each normalisation step, alone, the offset map back to the original text, and the fast paths."""
import random

import pytest

from gazetteer.core.normalize import (fold_alef_maqsura, fold_char, fold_teh_marbuta, is_dropped, normalize,
                                      normalize_key, normalize_reference)
from gazetteer.core.variants import index_keys


@pytest.mark.parametrize("raw, expected", [
    ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ی", "ي"), ("ک", "ك"), ("ة", "ه"),
    ("٣", "3"), ("۵", "5"), ("-", " "), ("_", " "), ("A", "a"),
])
def test_fold_char(raw, expected):
    assert fold_char(raw) == expected


@pytest.mark.parametrize("ch", ["\u064e", "\u0651", "\u0652", "\u0640", "\u200f", "\u0670"])
def test_dropped(ch):
    assert is_dropped(ch)


def test_normalize_keeps_offsets():
    text = "وصلَ  إلى دَيرِ الزّور-الميادين"
    norm = normalize(text)
    assert norm.text == "وصل الي دير الزور الميادين"
    i = norm.text.index("دير الزور")
    start, end = norm.span_to_original(i, i + len("دير الزور"))
    assert text[start:end].startswith("دَيرِ الزّور")


def test_normalize_key_folds_hamza_yeh_teh_marbuta_and_digits():
    assert normalize_key("مُحافَظَة الرّقّة") == normalize_key("محافظه الرقه")
    assert normalize_key("منطقة ٥٥ كم") == "منطقه 55 كم"
    assert normalize_key("دیرالزور") == "ديرالزور"


def test_fold_teh_marbuta_and_alef_maqsura_steps():
    assert fold_teh_marbuta("الرقة") == "الرقه" and fold_teh_marbuta("الرقه") == "الرقه"
    assert fold_alef_maqsura("مصطفى") == "مصطفي" and fold_alef_maqsura("دیر") == "دير"
    assert fold_teh_marbuta(fold_teh_marbuta("حماة")) == fold_teh_marbuta("حماة")  # folding twice changes nothing
    assert normalize_key("حماة") == fold_teh_marbuta("حماة")


def test_index_keys():
    keys, stripped = index_keys("دير الزور")
    assert keys["دير الزور"] == 1.0 and "ديرالزور" in keys
    assert stripped == {}


# Characters that exercise every branch of the fast path: tashkeel and marks around spaces, runs of
# separators, leading and trailing spaces, other whitespace, capital sigma, a code point past the table.
FUZZ_ALPHABET = list("ابتةىيأإ دير الزور") + ["\u064e", "\u0651", "\u0640", "\u200f", "  ", "\n", "\u2003", "-",
                                                 "،", ".", "A", "b", "Σ", "ς", "\x1c", "٣", "\U0001F600", "\uffff"]


def test_fast_normalize_equals_the_reference_pipeline():
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(FUZZ_ALPHABET) for _ in range(rng.randint(0, 14)))
        expected = normalize_reference(text)
        assert normalize(text) == expected, repr(text)
        assert normalize_key(text) == expected.text, repr(text)


@pytest.mark.parametrize("text", ["İstanbul ودمشق", "a\x00b", "  ", "", "ΟΔΟΣ", "\u064e"])
def test_edge_cases_equal_the_reference(text):
    assert normalize(text) == normalize_reference(text)
    assert normalize_key(text) == normalize_reference(text).text


def test_a_letter_that_lowercases_to_two_keeps_offsets_aligned():
    norm = normalize("İzmir حلب")
    assert len(norm.offsets) == len(norm.text) + 1
    i = norm.text.index("حلب")
    assert norm.span_to_original(i, i + 3) == (6, 9)
