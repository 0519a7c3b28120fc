"""Each normalisation and variant step, alone, and the offset map back to the original text."""
import pytest

from gazetteer.core.normalize import fold_char, is_dropped, normalize, normalize_key
from gazetteer.core.variants import article_stripped, index_keys, joined_variants


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


def test_joined_variants():
    assert joined_variants("دير الزور") == {"ديرالزور"}
    assert "طريق تدمر ديرالزور" in joined_variants("طريق تدمر دير الزور")
    assert joined_variants("تدمر") == set()


def test_article_stripped():
    assert article_stripped("الرقه") == "رقه"
    assert article_stripped("ال") is None
    assert article_stripped("تدمر") is None


def test_index_keys():
    keys, stripped = index_keys("دير الزور")
    assert ("دير الزور", 1.0) in keys and any(k == "ديرالزور" for k, _ in keys)
    assert stripped is None
