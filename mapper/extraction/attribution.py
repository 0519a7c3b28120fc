"""Who claims an event, how certain the wording is, and whether it is an allegation."""
import re

from gazetteer.core.normalize import normalize_key

from .text_memo import per_text
from .word_search import WORD_STARTS, word_pattern

# Longer names first: "المرصد السوري لحقوق الإنسان" before "المرصد"، "وكالة سانا" before "سانا".
SOURCES = [(normalize_key(k), v) for k, v in [
    ("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights"),
    ("المرصد السوري", "Syrian Observatory for Human Rights"),
    ("وكالة سانا", "SANA"), ("الوكالة السورية للأنباء", "SANA"), ("سانا", "SANA"),
    ("وكالة أعماق", "Amaq"), ("أعماق", "Amaq"), ("الإعلام الحربي", "military media"),
    ("وزارة الدفاع الروسية", "Russian ministry of defence"), ("وزارة الدفاع", "ministry of defence"),
    ("الدفاع المدني", "civil defence"), ("الخوذ البيضاء", "civil defence"),
    ("مصدر ميداني", "field source"), ("مصادر ميدانية", "field sources"), ("مصدر عسكري", "military source"),
    ("مصادر عسكرية", "military sources"), ("مصادر محلية", "local sources"), ("مصدر محلي", "local source"),
    ("مصدر أمني", "security source"), ("مصادر أمنية", "security sources"), ("مصادر مطلعة", "informed sources"),
    ("مصادر متقاطعة", "sources"), ("مراصد محلية", "local monitors"), ("ناشطون", "activists"),
    ("ناشطين", "activists"), ("شبكة", "local network"), ("مراسل", "correspondent"), ("بيان", "statement"),
    ("شهود عيان", "eyewitnesses"), ("مصادر أهلية", "local sources"), ("مصادر", "sources"),
]]
SOURCE_LABELS = {(k[2:] if k.startswith("ال") else k): v for k, v in SOURCES}
PROCLITICS = "[وف]?"
SOURCE_RX, SOURCE_HEAD = word_pattern(PROCLITICS + "(?:لل|[بلك])?(?:ال)?", list(map(re.escape, SOURCE_LABELS)),
                                      [re.escape(label.split(" ")[0]) for label in SOURCE_LABELS], capture=True)

# Speculative wording lowers certainty by 0.2 each; a report's attribution (بحسب، وفق) by 0.1.
SPECULATIVE, SPECULATIVE_HEAD = word_pattern(PROCLITICS, [
    "علي الارجح", "ربما", "يعتقد", "يرجح", "ترجح", r"رجح\S*", r"مرجح\S*", "ترجيحات", "قد يكون", r"غير مؤكد\S*",
    r"لم يتسن\S*", "انباء عن", "انباء غير مؤكده", "يحتمل", r"محتمل\S*", "يشتبه", "يشير", r"يشتبه\S*", "يبدو",
    "توحي", "يوحي", r"مزعوم\S*"])
ATTRIBUTED, ATTRIBUTED_HEAD = word_pattern(PROCLITICS, ["بحسب", "حسب", "وفق", r"وفقا ل\S*", "نقلا عن"])
# An allegation: someone accuses, claims, leaks or opines rather than reports (the seed's "بأصابع أميركية",
# "واعتبر المصدر أن …").
ALLEGATION, ALLEGATION_HEAD = word_pattern(PROCLITICS, [
    "تسريبات", r"اتهم\S*", "تتهم", "يتهم", "اتهامات", "الاتهامات", r"زعم\S*", "يزعم", "تزعم", "مزاعم", "ادعي",
    "ادعت", "يدعي", "تدعي", "ادعاءات", r"حمل\S* مسؤوليه", "تحمل مسؤوليه", "بأصابع", "باصابع", "يؤكد دعم",
    "دعم اميركي", "دعما", "اعتبر", "اعتبرت", "يعتبر", "تعتبر"])
# Each sentence is searched for all four; they are tried only at the words that can begin them.
SOURCE, HEDGE, REPORTED, ALLEGED = (WORD_STARTS.add(rx, head) for rx, head in (
    (SOURCE_RX, SOURCE_HEAD), (SPECULATIVE, SPECULATIVE_HEAD), (ATTRIBUTED, ATTRIBUTED_HEAD),
    (ALLEGATION, ALLEGATION_HEAD)))


@per_text
def find_source(norm_text, start, end):
    """The first named source inside [start, end), or ''."""
    m = WORD_STARTS.search(SOURCE, norm_text, start, end)
    return SOURCE_LABELS[m.group(1)] if m else ""


@per_text
def certainty(norm_text, start, end):
    """0–1: reported facts start at 0.8; every distinct hedge lowers them (speculation more than a
    plain attribution), never below 0.2."""
    speculative = {m.group(0).strip() for m in WORD_STARTS.finditer_slice(HEDGE, norm_text, start, end)}
    attributed = {m.group(0).strip() for m in WORD_STARTS.finditer_slice(REPORTED, norm_text, start, end)}
    return round(max(0.2, 0.8 - 0.2 * len(speculative) - 0.1 * len(attributed)), 2)


@per_text
def is_alleged(norm_text, start, end):
    """Whether [start, end) accuses or claims rather than reports (اتهم، زعم، ادعى، تسريبات …)."""
    return WORD_STARTS.search(ALLEGED, norm_text, start, end) is not None
