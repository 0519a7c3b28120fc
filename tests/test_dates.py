"""Dates from Arabic text: Levantine and standard months, Arabic-Indic digits, relative days and weekdays
against the publication date, history kept apart, and ACLED time precision (1 day, 2 week, 3 month)."""
import datetime as dt

import pytest

from gazetteer.core.normalize import normalize
from mapper.extraction.dates import find_date, publication_date

WEDNESDAY = dt.date(2023, 8, 16)


def date_of(text, published=WEDNESDAY):
    norm = normalize(text).text
    return find_date(norm, 0, len(norm), published)


@pytest.mark.parametrize("month, number", [
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6), ("تموز", 7),
    ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11), ("كانون الأول", 12),
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("مايو", 5), ("يونيو", 6), ("يوليو", 7),
    ("أغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
])
def test_levantine_and_standard_month_names(month, number):
    found = date_of(f"وقع الهجوم في 3 {month} 2021")
    assert found.date == dt.date(2021, number, 3) and found.time_precision == 1 and found.basis == "explicit"


def test_arabic_indic_digits_and_glossed_months():
    assert date_of("فجر الاثنين ٢٧ كانون الثاني/يناير ٢٠٢٠").date == dt.date(2020, 1, 27)
    assert date_of("في ١٥ آب").date == dt.date(2023, 8, 15)


def test_a_day_and_month_without_a_year_is_the_latest_one_not_after_publication():
    assert date_of("الخميس 29 تموز").date == dt.date(2023, 7, 29)
    assert date_of("في 20 آب").date == dt.date(2022, 8, 20)  # 20 August 2023 is after publication


@pytest.mark.parametrize("text, days_back, precision", [
    ("اليوم", 0, 1), ("فجر اليوم", 0, 1), ("صباح اليوم الأربعاء", 0, 1), ("أمس", 1, 1), ("وأمس", 1, 1),
    ("مساء أمس", 1, 1), ("أمس الأول", 2, 1), ("أول أمس", 2, 1), ("قبل يومين", 2, 1), ("قبل ثلاثة أيام", 3, 1),
    ("قبل 5 أيام", 5, 2), ("الأسبوع الماضي", 7, 2), ("قبل أسبوع", 7, 2), ("الشهر الماضي", 30, 3),
])
def test_relative_expressions_against_the_publication_date(text, days_back, precision):
    found = date_of(f"وقع الانفجار {text} في البلدة")
    assert found.date == WEDNESDAY - dt.timedelta(days=days_back), text
    assert found.time_precision == precision and found.basis == "relative" and not found.historical


@pytest.mark.parametrize("text, expected", [
    ("ليلة الأحد", dt.date(2023, 8, 13)),
    ("يوم الثلاثاء", dt.date(2023, 8, 15)),
    ("صباح الاثنين", dt.date(2023, 8, 14)),
    ("الأربعاء", WEDNESDAY),  # the publication day itself
    ("الخميس", dt.date(2023, 8, 10)),  # never after publication
    ("الثلاثاء الماضي", dt.date(2023, 8, 15)),
    ("الثلاثاء من الأسبوع الماضي", dt.date(2023, 8, 8)),
    ("الأربعاء الماضي", dt.date(2023, 8, 9)),
])
def test_weekdays_are_the_latest_such_day_not_after_publication(text, expected):
    found = date_of(f"قصفت الطائرات البلدة {text}")
    assert found.date == expected and found.time_precision == 1


@pytest.mark.parametrize("text, year", [
    ("استعاد الجيش البوكمال في نهاية العام 2017", 2017),
    ("سيطر التنظيم على المدينة في 2014", 2014),
    ("تنتشر المجموعات في المنطقة منذ عام 2019", 2019),
    ("الاتفاق الذي أُعلن في آذار 2020", 2020),
    ("تنتشر الشرطة العسكرية منذ تشرين الأول 2019", 2019),
])
def test_history_is_kept_as_history(text, year):
    found = date_of(text)
    assert found.date.year == year and found.historical and found.time_precision == 3


def test_since_a_past_month_is_background():
    found = date_of("تتعرض القاعدة لهجمات مماثلة منذ كانون الثاني الماضي")
    assert found.historical and found.basis == "since" and found.date == dt.date(2023, 1, 15)


def test_a_full_past_date_keeps_its_day():
    found = date_of("منذ أن استعادها من تنظيم داعش في 14 تشرين الأول 2017")
    assert found.date == dt.date(2017, 10, 14) and found.time_precision == 1 and found.historical


def test_no_date_falls_back_to_the_publication_week():
    assert date_of("قصفت المدفعية البلدة") is None
    fallback = publication_date(WEDNESDAY)
    assert fallback.date == WEDNESDAY and fallback.time_precision == 2 and fallback.basis == "publication"
    assert publication_date(None).date is None


def test_relative_words_need_a_publication_date():
    assert date_of("أمس", published=None) is None
    assert date_of("في 3 آذار 2021", published=None).date == dt.date(2021, 3, 3)


def test_an_undated_event_takes_the_articles_lead_date():
    from mapper.extraction.dates import DateFinding, article_date

    lead = DateFinding(dt.date(2023, 8, 13), 1, "relative")
    history = DateFinding(dt.date(2017, 12, 15), 3, "explicit", historical=True)
    found = article_date([None, history, lead, DateFinding(dt.date(2023, 8, 1), 1, "explicit")], WEDNESDAY)
    assert (found.date, found.time_precision, found.basis) == (dt.date(2023, 8, 13), 1, "article")
    assert article_date([None, history], WEDNESDAY).basis == "publication"
