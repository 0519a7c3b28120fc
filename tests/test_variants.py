"""Each alias-variant step alone, the pipeline that runs them, and what they let the index match."""
import pytest

from gazetteer.core import variants as v
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.model import AliasRecord, PlaceRecord
from gazetteer.core.normalize import normalize, normalize_key
from gazetteer.core.spotter import spot


def keys_of(step, text):
    return set(step(normalize_key(text)))


# --- each step alone

def test_joined_variants():
    assert keys_of(v.joined_variants, "دير الزور") == {"ديرالزور"}
    assert keys_of(v.joined_variants, "دير-الزور") == {"ديرالزور"}  # the normaliser made the hyphen a space
    assert keys_of(v.joined_variants, "تل أبيض الشرقي") == {"تلابيض الشرقي", "تل ابيضالشرقي", "تلابيضالشرقي"}
    assert keys_of(v.joined_variants, "تدمر") == set()
    assert keys_of(v.joined_variants, "a b c d e") == set()  # more than MAX_JOIN_GAPS gaps


def test_article_added_only_to_long_safe_one_word_names():
    assert keys_of(v.article_added, "بوكمال") == {"البوكمال"}
    assert keys_of(v.article_added, "البوكمال") == set()  # has it already
    assert keys_of(v.article_added, "حلب") == set()  # short
    assert keys_of(v.article_added, "بو كمال") == set()  # several words
    assert keys_of(v.article_added, "سورية") == set()  # a nisba adjective: السورية is "the Syrian"
    assert keys_of(v.article_added, "Beirut") == set()  # not Arabic


def test_article_dropped_only_from_long_safe_one_word_names():
    assert keys_of(v.article_dropped, "البوكمال") == {"بوكمال"}
    assert keys_of(v.article_dropped, "القامشلي") == {"قامشلي"}
    assert keys_of(v.article_dropped, "الرقة") == set()  # رقه: too short to stand alone
    assert keys_of(v.article_dropped, "الشرقية") == set()  # nisba
    assert keys_of(v.article_dropped, "القريتين") == set()  # قريتين is "two villages"
    assert keys_of(v.article_dropped, "الميادين") == set()  # ميادين is "squares"
    assert keys_of(v.article_dropped, "المنصورة") == set()  # an everyday word (stopwords.COMMON_WORDS)
    assert keys_of(v.article_dropped, "الحسكة الجديدة") == set()


def test_final_hamza_dropped():
    assert keys_of(v.final_hamza_dropped, "السويداء") == {"السويدا"}
    assert keys_of(v.final_hamza_dropped, "جبل السويداء") == {"جبل السويدا"}
    assert keys_of(v.final_hamza_dropped, "ماء") == set()  # too short
    assert keys_of(v.final_hamza_dropped, "حلب") == set()


def test_article_stripped_for_lam_lam():
    assert v.article_stripped("الرقه") == "رقه"
    assert v.article_stripped("ال") is None
    assert v.article_stripped("تدمر") is None


@pytest.mark.parametrize("written, plain", [
    ("Ḩalab", "halab"), ("Dayr az Zawr", None), ("Raʾs al ʿAyn", "ras al ayn"), ("Łódź", "lodz"),
    ("Beirut", None), ("دير الزور", None),
])
def test_latin_plain(written, plain):
    assert keys_of(v.latin_plain, written) == ({plain} if plain else set())


def test_latin_articles_unify_the_transliterated_article():
    forms = keys_of(v.latin_articles, "Deir ez-Zor")
    assert {"deir al zor", "deir el zor", "deir az zor"} <= forms
    assert {"dayr al zawr", "dayr el zawr", "dayr ez zawr"} <= keys_of(v.latin_articles, "Dayr az Zawr")
    assert {"ar raqqah", "er raqqah", "el raqqah"} <= keys_of(v.latin_articles, "Al-Raqqah")
    assert "al bab" in keys_of(v.latin_articles, "El Bab") and "ab bab" not in keys_of(v.latin_articles, "El Bab")
    assert keys_of(v.latin_articles, "Saint-Martin-en-Haut") == set()  # "en" is no article before "haut"
    assert keys_of(v.latin_articles, "Homs") == set()


def test_teh_marbuta_and_alef_maqsura_are_folded_once_by_the_normaliser():
    # The normaliser writes ة as ه and ى as ي; the pipeline adds no reverse forms, so nothing is folded twice.
    assert normalize_key("الرقة") == normalize_key("الرقه") == "الرقه"
    assert normalize_key("مصطفى") == normalize_key("مصطفي") == "مصطفي"
    keys, _ = v.index_keys("الرقة")
    assert not any("ة" in k or "ى" in k for k in keys)


def test_function_words_are_never_keys():
    assert not v.is_indexable(normalize_key("إلى")) and not v.is_indexable("")
    assert v.index_keys("آن") == ({}, {})  # GeoNames' Arabic name for Ans (Belgium) is the word أن
    assert v.is_indexable("حلب")


# --- the pipeline

def test_pipeline_runs_each_step_over_the_keys_before_it():
    keys, stripped = v.index_keys("جبل السويداء")
    assert keys["جبل السويداء"] == v.EXACT
    assert keys["جبل السويدا"] == v.HAMZA_DROPPED
    assert keys["جبلالسويدا"] == min(v.HAMZA_DROPPED, v.JOINED)  # joined after the hamza step
    assert stripped == {}
    keys, stripped = v.index_keys("البوكمال")
    assert keys == {"البوكمال": v.EXACT, "بوكمال": v.ARTICLE_TOGGLED}
    assert stripped == {"بوكمال": v.ARTICLE_STRIPPED}


def test_article_steps_only_where_asked():
    keys, _ = v.index_keys("سيول", articles=False)  # Seoul; السيول is "the floods"
    assert set(keys) == {"سيول"}
    keys, _ = v.index_keys("بوكمال", articles=False)
    assert set(keys) == {"بوكمال"}


def test_custom_pipeline():
    keys = v.run_pipeline(normalize_key("دير الزور"), pipeline=[(v.joined_variants, v.JOINED, "any")])
    assert keys == {"دير الزور": v.EXACT, "ديرالزور": v.JOINED}


def test_rules_version_names_both_parts():
    from gazetteer.core.normalize import NORMALIZER_VERSION

    assert NORMALIZER_VERSION in v.INDEX_RULES_VERSION and v.VARIANTS_VERSION in v.INDEX_RULES_VERSION


# --- what the variants let the index match

def place(pid, name_ar, name_en="", country="SY", aliases=()):
    return PlaceRecord(pid, name_ar, name_en, "town", {"type": "Point", "coordinates": [40.0, 35.0]}, 35.0, 40.0,
                       country=country, aliases=[AliasRecord(a, "en" if a.isascii() else "ar") for a in aliases])


INDEX = GazetteerIndex([
    place("bukamal", "البوكمال", "Abu Kamal"),
    place("qamishli", "قامشلي", "Qamishli"),
    place("raqqa", "الرقة", "Ar-Raqqah"),
    place("dez", "دير الزور", "Deir ez-Zor", aliases=["Dayr az Zawr"]),
    place("beirut", "بيروت", "Beirut", country="LB"),
    place("suwayda", "السويداء", "As-Suwayda"),
    place("seoul", "سيول", "Seoul", country="KR"),
    place("mustafa", "مصطفى", "Mustafa"),
])


def found(text):
    return [(m.surface, m.candidates[0][0].id) for m in spot(normalize(text), text, INDEX)]


@pytest.mark.parametrize("text, surface, pid", [
    ("قصف على بوكمال", "بوكمال", "bukamal"),
    ("قصف على القامشلي", "القامشلي", "qamishli"),
    ("وصل للقامشلي", "قامشلي", "qamishli"),  # لل + the added article
    ("في الرقه", "الرقه", "raqqa"),
    ("في الرقة", "الرقة", "raqqa"),
    ("قرب مصطفي", "مصطفي", "mustafa"),
    ("في السويدا", "السويدا", "suwayda"),
    ("#Beirut الآن", "Beirut", "beirut"),
    ("Deir al-Zor", "Deir al-Zor", "dez"),
    ("Dayr el Zawr", "Dayr el Zawr", "dez"),
    ("Deir Ezzor", "Deir Ezzor", "dez"),
    ("in al-Raqqah", "al-Raqqah", "raqqa"),
])
def test_variants_match_in_text(text, surface, pid):
    assert (surface, pid) in found(text)


def test_no_article_on_foreign_exonyms():
    assert found("جرفت السيول الطريق") == []


def test_a_place_added_twice_keeps_its_names_and_gains_the_new_ones():
    index = GazetteerIndex([place("x", "تدمر", "Palmyra"), place("y", "حمص", "Homs"),
                            place("x", "تدمر", "Tadmur")])
    assert len(index) == 2 and index.get("x").name_en == "Tadmur"
    assert [e.place_id for e in index.lookup("palmyra")] == ["x"]
    assert [e.place_id for e in index.lookup("tadmur")] == ["x"]
    assert [e.place_id for e in index.lookup("تدمر")] == ["x"]  # one route per place


# --- foreign exonyms: everyday words and short names of far-away places are not indexed

def geonames_place(pid, name_ar, name_en, country, population=0, aliases=()):
    record = place(pid, name_ar, name_en, country=country, aliases=aliases)
    record.source, record.population = "geonames", population
    return record


def test_exonym_scope_by_region_source_and_size():
    assert v.exonym_scope(geonames_place("a", "مرفا", "Merefa", "UA"), "مرفا") == v.MINOR
    rome = geonames_place("rome", "روما", "Rome", "IT", population=2_318_895, aliases=["روم"])
    assert v.exonym_scope(rome, "روما") == v.MAJOR and v.exonym_scope(rome, "روم") == v.MINOR
    assert v.exonym_scope(geonames_place("b", "وان", "Van", "TR"), "وان") is None  # in the region
    assert v.exonym_scope(geonames_place("c", "بيان", "Bayan", "KW"), "بيان") is None  # the Arab world
    assert v.exonym_scope(place("seoul", "سيول", "Seoul", country="KR"), "سيول") is None  # curated


def test_is_exonym_key():
    assert not v.is_exonym_key("مرفا", v.MINOR)  # four letters
    assert v.is_exonym_key("روما", v.MAJOR) and not v.is_exonym_key("رم", v.MAJOR)
    assert v.is_exonym_key(normalize_key("بوخارست"), v.MINOR)
    assert not v.is_exonym_key("سيول", v.MAJOR)  # "floods"
    assert not v.is_exonym_key(normalize_key("مدرسة"), v.MINOR)  # "school"
    assert not v.is_exonym_key(normalize_key("جديدة"), v.MINOR)  # a COMMON_WORDS entry
    assert v.is_exonym_key("merefa", v.MINOR)  # Latin keys are kept


def test_foreign_everyday_words_and_short_names_are_not_indexed():
    index = GazetteerIndex([
        geonames_place("merefa", "مرفا", "Merefa", "UA", population=21_000),
        geonames_place("seoul", "سيول", "Seoul", "KR", population=10_349_312),
        geonames_place("rome", "روما", "Rome", "IT", population=2_318_895, aliases=["روم"]),
        geonames_place("kyiv", "كييف", "Kyiv", "UA", population=2_797_553, aliases=["كيف"]),
        geonames_place("bucharest", "بوخارست", "Bucharest", "RO", population=1_877_155),
        geonames_place("van", "وان", "Van", "TR", population=371_713),
    ])
    assert index.lookup("مرفا") == [] and index.lookup("سيول") == [] and index.lookup("كيف") == []
    assert [e.place_id for e in index.lookup("merefa")] == ["merefa"]
    assert [e.place_id for e in index.lookup("روما")] == ["rome"] and index.lookup("روم") == []
    assert [e.place_id for e in index.lookup("كييف")] == ["kyiv"]
    assert [e.place_id for e in index.lookup("بوخارست")] == ["bucharest"]
    assert [e.place_id for e in index.lookup("وان")] == ["van"]  # in the region: every key
    text = "جرفت سيول مرفا الطريق كيف وصلت إلى روما وبوخارست"
    assert [m.key for m in spot(normalize(text), text, index)] == ["روما", "بوخارست"]
