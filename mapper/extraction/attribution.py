"""Who claims an event, how certain the wording is, and whether it is an allegation."""
import re

from gazetteer.core.normalize import normalize_key

SOURCES = [(normalize_key(k), v) for k, v in [
    ("مصدر ميداني", "field source"), ("مصادر ميدانية", "field sources"), ("مصدر عسكري", "military source"),
    ("مصادر محلية", "local sources"), ("مصدر محلي", "local source"), ("مصدر أمني", "security source"),
    ("المرصد السوري", "Syrian Observatory for Human Rights"), ("سانا", "SANA"), ("وكالة أعماق", "Amaq"),
    ("أعماق", "Amaq"), ("ناشطون", "activists"), ("ناشطين", "activists"), ("شبكة", "local network"),
    ("مراسل", "correspondent"), ("وزارة الدفاع", "ministry of defence"), ("بيان", "statement"),
]]
SOURCE_RX = [(re.compile(r"(?<!\S)[وفبلك]{0,2}(?:ال)?" + re.escape(k) + r"(?!\S)"), v) for k, v in SOURCES]
HEDGES = [normalize_key(h) for h in ("على الأرجح", "ربما", "يعتقد", "يُعتقد", "بحسب", "وفق", "يرجح", "قد يكون",
                                      "غير مؤكد", "لم يتسن", "أنباء عن", "يشير")]
ALLEGATION = [normalize_key(a) for a in ("تسريبات", "اتهم", "اتهامات", "يزعم", "زعم", "ادعى", "مزاعم",
                                          "يؤكد دعم", "دعم أميركي", "دعماً", "بأصابع")]


def find_source(norm_text, start, end):
    """The first named source inside [start, end), or ''."""
    best = None
    for rx, label in SOURCE_RX:
        m = rx.search(norm_text, start, end)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), label)
    return best[1] if best else ""


def certainty(norm_text, start, end):
    """0–1: reported facts start at 0.8 and every hedge lowers them."""
    seg = norm_text[start:end]
    hedges = sum(1 for h in HEDGES if h in seg)
    return round(max(0.2, 0.8 - 0.2 * hedges), 2)


def is_alleged(norm_text, start, end):
    seg = norm_text[start:end]
    return any(a in seg for a in ALLEGATION)
