"""Dates and time precision from Arabic text: our own month table (Levantine and standard), relative days, history."""
import datetime as dt
import re
from dataclasses import dataclass

from gazetteer.core.normalize import normalize_key

from .text_memo import per_text
from .word_search import contains_any

MONTHS = {normalize_key(k): v for k, v in {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
    "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
}.items()}
WEEKDAYS = {normalize_key(k): v for k, v in {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6,
}.items()}
_MONTH_RX = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
# "27 كانون الثاني/يناير 2020": a Levantine month may be glossed by its standard name.
_GLOSS = r"(?:\s+(?:" + _MONTH_RX + r"))?"
DIGIT = re.compile(r"\d")
YEAR_DIGITS = re.compile(r"\d{4}")
DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s+(?:من\s+)?(?:شهر\s+)?[بل]?(" + _MONTH_RX + r")" + _GLOSS +
                       r"(?:\s+(?:من\s+)?(?:العام\s+|عام\s+)?(\d{4}))?")
MONTH_YEAR = re.compile(r"(?:(منذ|مطلع|بدايه|اواخر|اوائل|منتصف|نهايه)\s+)?(?:شهر\s+)?[بفو]?(" + _MONTH_RX + r")" +
                        _GLOSS + r"\s+(?:من\s+)?(?:العام\s+|عام\s+)?(\d{4})")
YEAR_REF = re.compile(r"(?:(نهايه|مطلع|بدايه|اواخر|اوائل|منتصف|منذ)\s+)?(?:العام|عام|سنه)\s+(\d{4})"
                      r"|(?<!\S)(في|منذ|خلال)\s+(\d{4})(?!\S)")
# "منذ كانون الثاني الماضي": something has gone on since a past month; background, not the day's news.
SINCE_MONTH = re.compile(r"منذ\s+(?:(?:مطلع|بدايه|اواخر|اوائل|منتصف)\s+)?(?:شهر\s+)?(" + _MONTH_RX + r")" + _GLOSS +
                         r"\s+(?:الماضي|المنصرم|الفائت)")
_WEEKDAY_RX = "|".join(WEEKDAYS)
WEEKDAY_REF = re.compile(r"(?:ليله|يوم|صباح|مساء|فجر|ظهر|عصر|امس|اليوم)\s+(?:امس\s+)?(" + _WEEKDAY_RX + r")"
                         r"(\s+(?:من\s+)?(?:الاسبوع\s+)?(?:الماضي|الفائت|المنصرم))?")
BARE_WEEKDAY = re.compile(r"(?<!\S)[وفب]?(" + _WEEKDAY_RX + r")(\s+(?:من\s+)?(?:الاسبوع\s+)?(?:الماضي|الفائت|المنصرم))?(?!\S)")
DAYS_AGO = re.compile(r"قبل\s+(?:(يومين)|(\d{1,2}|ثلاثه|اربعه|خمسه|سته|سبعه)\s+ايام|(اسبوع|اسبوعين))(?!\S)")
AGO_WORDS = {"ثلاثه": 3, "اربعه": 4, "خمسه": 5, "سته": 6, "سبعه": 7}
# (words one of which the pattern needs, pattern, days back, time precision): the words are checked first.
RELATIVE = [
    (("امس",), re.compile(r"امس الاول|اول امس|اول من امس"), 2, 1),
    (("امس",), re.compile(r"(?<!\S)[وف]?امس(?!\S)"), 1, 1),
    (("اليوم", "الليله الماضيه"), re.compile(r"(?:فجر|صباح|مساء|ظهر|ليله)?\s*اليوم|الليله الماضيه"), 0, 1),
    (("الاسبوع",), re.compile(r"الاسبوع الماضي|الاسبوع الفائت"), 7, 2),
    (("الشهر",), re.compile(r"الشهر الماضي|الشهر الفائت"), 30, 3),
]
# Every pattern above needs one of these (a digit, منذ, a weekday, قبل, امس, اليوم/الليله, الاسبوع, الشهر):
# a sentence without any states no date. (Substring tests are faster here than one regex alternation.)
DATE_CUE_WORDS = ("منذ", "قبل", "امس", "اليوم", "الليله", "الاسبوع", "الشهر", *WEEKDAYS)
PART_DAY = {"مطلع": 1, "بدايه": 1, "اوائل": 1, "منتصف": 6, "اواخر": 12, "نهايه": 12}


@dataclass(frozen=True)
class DateFinding:
    """A date with ACLED time precision (1 day, 2 week, 3 month/longer) and how it was found."""

    date: object
    time_precision: int
    basis: str
    historical: bool = False


def _safe_date(year, month, day):
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@per_text
def find_date(norm_text, start, end, published):
    """The date a sentence states, relative to `published`; None if it states none."""
    seg = norm_text[start:end]
    # The three patterns with a number need a digit (the normaliser made Arabic-Indic digits ASCII).
    has_digit = DIGIT.search(seg) is not None
    if not has_digit and not contains_any(seg, DATE_CUE_WORDS):
        return None
    m = DAY_MONTH.search(seg) if has_digit else None
    if m:
        year = int(m.group(3)) if m.group(3) else (published.year if published else None)
        if year:
            d = _safe_date(year, MONTHS[m.group(2)], int(m.group(1)))
            if d and published and not m.group(3) and d > published:
                d = _safe_date(year - 1, d.month, d.day)
            if d:
                return _finding(d, 1, "explicit", published)
    has_year = has_digit and YEAR_DIGITS.search(seg) is not None  # MONTH_YEAR and YEAR_REF need a year
    m = MONTH_YEAR.search(seg) if has_year else None
    if m:
        basis = "since" if m.group(1) == "منذ" else "explicit"
        return _finding(dt.date(int(m.group(3)), MONTHS[m.group(2)], 15), 3, basis, published)
    m = SINCE_MONTH.search(seg) if "منذ" in seg else None
    if m and published:
        month = MONTHS[m.group(1)]
        year = published.year if month < published.month else published.year - 1
        return _finding(dt.date(year, month, 15), 3, "since", published)
    m = YEAR_REF.search(seg) if has_year else None
    if m:
        part, year = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
        if 1900 < int(year) < 2100:
            basis = "since" if part == "منذ" else "explicit"
            month = PART_DAY.get(part or "", 6)
            return _finding(dt.date(int(year), month, 15), 3, basis, published)
    if published is None:
        return None
    has_weekday = any(day in seg for day in WEEKDAYS)
    m = (WEEKDAY_REF.search(seg) or BARE_WEEKDAY.search(seg)) if has_weekday else None
    if m:
        qualifier = m.group(2) or ""
        return DateFinding(weekday_before(published, WEEKDAYS[m.group(1)], past=bool(qualifier),
                                          last_week="الاسبوع" in qualifier), 1, "relative")
    m = DAYS_AGO.search(seg) if "قبل" in seg else None
    if m:
        days = 2 if m.group(1) else (int(m.group(2)) if (m.group(2) or "").isdigit() else AGO_WORDS.get(m.group(2)))
        if m.group(3):
            return DateFinding(published - dt.timedelta(days=7 if m.group(3) == "اسبوع" else 14), 2, "relative")
        return DateFinding(published - dt.timedelta(days=days), 1 if days <= 3 else 2, "relative")
    for needles, rx, days, precision in RELATIVE:
        if any(word in seg for word in needles) and rx.search(seg):
            return DateFinding(published - dt.timedelta(days=days), precision, "relative")
    return None


def weekday_before(published, weekday, past=False, last_week=False):
    """The latest such weekday on or before publication; "الثلاثاء الماضي" (past) is never the publication
    day, and "الثلاثاء من الأسبوع الماضي" is in the week (from Saturday) before the publication's week."""
    back = (published.weekday() - weekday) % 7
    if (past or last_week) and back == 0:
        back = 7
    since_saturday = (published.weekday() - 5) % 7
    if last_week and back <= since_saturday:
        back += 7
    return published - dt.timedelta(days=back)


def _finding(date, precision, basis, published):
    """A stated date; one more than 60 days before publication, or one that only says since when
    something has gone on, is history rather than the news of the day."""
    historical = basis == "since" or bool(published and (published - date).days > 60)
    return DateFinding(date, precision, basis, historical)


def publication_date(published):
    """The fallback when the text states no date: the publication date, within the week before it."""
    if published is None:
        return DateFinding(None, 3, "unknown")
    return DateFinding(published, 2, "publication")


def article_date(findings, published):
    """The fallback for an event whose sentence states no date: the first current date the article states
    (its lead usually dates the day's events), else the publication week. `findings` are the DateFindings of
    the article's mentions in text order (None where a mention has none)."""
    lead = next((f for f in findings if f and f.date and not f.historical and f.basis in ("explicit", "relative")),
                None)
    if lead is None:
        return publication_date(published)
    return DateFinding(lead.date, lead.time_precision, "article")
