"""Who claims an event, how certain the wording is, and whether it is an allegation."""
import re

from gazetteer.core.normalize import normalize_key

from .text_memo import per_text

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
SOURCE_RX = re.compile(r"(?<!\S)[وف]?(?:لل|[بلك])?(?:ال)?(" + "|".join(map(re.escape, SOURCE_LABELS)) + r")(?!\S)")

# Speculative wording lowers certainty by 0.2 each; a report's attribution (بحسب، وفق) by 0.1.
SPECULATIVE = re.compile(r"(?<!\S)[وف]?(?:علي الارجح|ربما|يعتقد|يرجح|ترجح|رجح\S*|مرجح\S*|ترجيحات|قد يكون|"
                         r"غير مؤكد\S*|لم يتسن\S*|انباء عن|انباء غير مؤكده|يحتمل|محتمل\S*|يشتبه|يشير|يشتبه\S*|"
                         r"يبدو|توحي|يوحي|مزعوم\S*)(?!\S)")
ATTRIBUTED = re.compile(r"(?<!\S)[وف]?(?:بحسب|حسب|وفق|وفقا ل\S*|نقلا عن)(?!\S)")
# An allegation: someone accuses, claims, leaks or opines rather than reports (the seed's "بأصابع أميركية",
# "واعتبر المصدر أن …").
ALLEGATION = re.compile(r"(?<!\S)[وف]?(?:تسريبات|اتهم\S*|تتهم|يتهم|اتهامات|الاتهامات|زعم\S*|يزعم|تزعم|مزاعم|"
                        r"ادعي|ادعت|يدعي|تدعي|ادعاءات|حمل\S* مسؤوليه|تحمل مسؤوليه|بأصابع|باصابع|"
                        r"يؤكد دعم|دعم اميركي|دعما|اعتبر|اعتبرت|يعتبر|تعتبر)(?!\S)")


@per_text
def find_source(norm_text, start, end):
    """The first named source inside [start, end), or ''."""
    m = SOURCE_RX.search(norm_text, start, end)
    return SOURCE_LABELS[m.group(1)] if m else ""


@per_text
def certainty(norm_text, start, end):
    """0–1: reported facts start at 0.8; every distinct hedge lowers them (speculation more than a
    plain attribution), never below 0.2."""
    seg = norm_text[start:end]
    speculative = {m.group(0).strip() for m in SPECULATIVE.finditer(seg)}
    attributed = {m.group(0).strip() for m in ATTRIBUTED.finditer(seg)}
    return round(max(0.2, 0.8 - 0.2 * len(speculative) - 0.1 * len(attributed)), 2)


@per_text
def is_alleged(norm_text, start, end):
    """Whether [start, end) accuses or claims rather than reports (اتهم، زعم، ادعى، تسريبات …)."""
    return bool(ALLEGATION.search(norm_text, start, end))
