"""Fatalities and injuries from digits, Arabic-Indic digits and number words, duals and approximations."""
import pytest

from gazetteer.core.normalize import normalize
from mapper.extraction.numbers import find_fatalities, find_injuries, number_value


def counts(text):
    norm = normalize(text).text
    return find_fatalities(norm, 0, len(norm)), find_injuries(norm, 0, len(norm))


@pytest.mark.parametrize("text, dead", [
    ("مقتل 7 عناصر من الميليشيات", 7),
    ("قُتل ٧ عناصر على الأقل في البوكمال", 7),
    ("مقتل ثلاثة عناصر من قسد", 3),
    ("سقط خمسة عشر قتيلاً في القصف", 15),
    ("ارتفع إلى نحو 20 قتيلاً عدد ضحايا الهجوم", 20),
    ("أسفر الهجوم عن أكثر من 10 قتلى", 10),
    ("قتيلان في انفجار عبوة", 2),
    ("أدى إلى مقتل جنديين", 2),
    ("مقتل ثلاثة وعشرين شخصاً", 23),
    ("ثلاثة قتلى وخمسة جرحى", 3),
    ("أدى إلى مقتل مدنيين اثنين", 2),
    ("قُتل فيها 11 من عناصر قوات النظام و9 من عناصر التنظيم", 20),
    ("مصرع أربعة أشخاص", 4),
    ("قبل أن يُعثر أمس على جثتي اثنين منهم", 2),
    ("العثور على جثث خمسة أشخاص", 5),
])
def test_deaths_from_digits_and_words(text, dead):
    assert counts(text)[0] == dead


@pytest.mark.parametrize("text, injured", [
    ("ثلاثة قتلى وخمسة جرحى", 5),
    ("أدت الضربات إلى إصابة أربعة جنود بجروح", 4),
    ("إصابة ثمانية مدنيين بينهم طفلان", 8),
    ("قتيلان وجريحان في القصف", 2),
    ("أصيب 12 شخصاً بجروح متفاوتة", 12),
])
def test_injuries_are_counted_apart(text, injured):
    assert counts(text)[1] == injured


@pytest.mark.parametrize("text", [
    "أوقع في صفوفهم عشرات القتلى والجرحى",  # people died, the number is unknown
    "مقتل مدنيين في القصف",  # a plural, not a dual
    "قصفت المدفعية البلدة دون أنباء عن إصابات",
    "انتشر 25 عنصراً في البلدة",
])
def test_no_death_count_where_none_is_stated(text):
    assert counts(text)[0] is None


def test_number_words():
    assert number_value("15") == 15
    assert number_value(normalize("خمسة عشر").text) == 15
    assert number_value(normalize("ثلاثة وعشرون").text) == 23
    assert number_value(normalize("اثنين").text) == 2


def test_incidents_carry_deaths_and_injuries(curated_index):
    import datetime as dt

    from mapper.extraction.pipeline import geoparse

    result = geoparse("قصف على إدلب\n\nقصفت قوات النظام مدينة إدلب أمس، ما أدى إلى مقتل ثلاثة مدنيين وإصابة "
                      "خمسة آخرين.", curated_index, published=dt.date(2024, 1, 10))
    (shelling,) = [i for i in result["incidents"] if i["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert shelling["fatalities"] == 3 and shelling["injuries"] == 5
