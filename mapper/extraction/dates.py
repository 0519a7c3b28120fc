"""Dates and time precision from Arabic text: our own month table (Levantine and standard), relative days, history."""
import datetime as dt
import re
from dataclasses import dataclass

from gazetteer.core.normalize import normalize_key

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
DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s+(?:من\s+)?(?:شهر\s+)?[بل]?(" + _MONTH_RX + r")(?:\s+(?:من\s+)?(?:العام\s+|عام\s+)?(\d{4}))?")
MONTH_YEAR = re.compile(r"(?:شهر\s+)?[بفو]?(" + _MONTH_RX + r")\s+(?:من\s+)?(?:العام\s+|عام\s+)?(\d{4})")
YEAR_REF = re.compile(r"(?:(نهايه|مطلع|بدايه|اواخر|اوائل|منتصف)\s+)?(?:العام|عام|سنه)\s+(\d{4})")
WEEKDAY_REF = re.compile(r"(?:ليله|يوم|صباح|مساء|فجر)\s+(?:امس\s+)?(" + "|".join(WEEKDAYS) + r")")
RELATIVE = [
    (re.compile(r"امس الاول|اول امس"), 2, 1),
    (re.compile(r"(?<!\S)[وف]?امس(?!\S)"), 1, 1),
    (re.compile(r"(?:فجر|صباح|مساء|ظهر|ليله)?\s*اليوم|الليله الماضيه"), 0, 1),
    (re.compile(r"الاسبوع الماضي|الاسبوع الفائت"), 7, 2),
    (re.compile(r"الشهر الماضي|الشهر الفائت"), 30, 3),
]
PART_DAY = {"مطلع": 1, "بدايه": 1, "اوائل": 1, "منتصف": 6, "اواخر": 12, "نهايه": 12}


@dataclass
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


def find_date(norm_text, start, end, published):
    """The date a sentence states, relative to `published`; None if it states none."""
    seg = norm_text[start:end]
    m = DAY_MONTH.search(seg)
    if m:
        year = int(m.group(3)) if m.group(3) else (published.year if published else None)
        if year:
            d = _safe_date(year, MONTHS[m.group(2)], int(m.group(1)))
            if d and published and not m.group(3) and d > published:
                d = _safe_date(year - 1, d.month, d.day)
            if d:
                return _finding(d, 1, "explicit", published)
    m = MONTH_YEAR.search(seg)
    if m:
        return _finding(dt.date(int(m.group(2)), MONTHS[m.group(1)], 15), 3, "explicit", published)
    m = YEAR_REF.search(seg)
    if m and 1900 < int(m.group(2)) < 2100:
        month = PART_DAY.get(m.group(1) or "", 6)
        return _finding(dt.date(int(m.group(2)), month, 15), 3, "explicit", published)
    if published is None:
        return None
    m = WEEKDAY_REF.search(seg)
    if m:
        back = (published.weekday() - WEEKDAYS[m.group(1)]) % 7
        return DateFinding(published - dt.timedelta(days=back), 1, "relative")
    for rx, days, precision in RELATIVE:
        if rx.search(seg):
            return DateFinding(published - dt.timedelta(days=days), precision, "relative")
    return None


def _finding(date, precision, basis, published):
    historical = bool(published and (published - date).days > 60)
    return DateFinding(date, precision, basis, historical)


def publication_date(published):
    """The fallback when the text states no date: the publication date, within the week before it."""
    if published is None:
        return DateFinding(None, 3, "unknown")
    return DateFinding(published, 2, "publication")
