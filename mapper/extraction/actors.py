"""Actors: a dictionary of Arabic names to canonical actors with ACLED interaction codes, and their roles."""
import re
from dataclasses import dataclass

from .patterns import phrase_regex

# ACLED interaction codes: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
ACTORS = {
    "Islamic State (ISIS)": (2, ("داعش", "تنظيم الدولة", "الدولة الإسلامية", "تنظيم داعش", "خلايا داعش",
                                 "خلايا تنظيم داعش", "عناصر داعش")),
    "Military Forces of Syria": (1, ("الجيش السوري", "الجيش العربي السوري", "قوات النظام", "قوات الأسد",
                                     "القوات الحكومية", "قوات الحكومة السورية", "الفرقة الرابعة", "الفرقة 15",
                                     "الفرقة 17", "الجيش", "قوات الجيش")),
    "National Defence Forces (NDF)": (3, ("الدفاع الوطني", "قوات الدفاع الوطني")),
    "Syrian Democratic Forces (SDF)": (2, ("قسد", "قوات سوريا الديمقراطية", "قوات سورية الديمقراطية",
                                           "وحدات حماية الشعب", "الوحدات الكردية")),
    "Syrian National Army / opposition factions": (2, ("الجيش الوطني السوري", "الجيش الوطني", "فصائل المعارضة",
                                                      "الجيش الحر", "الجيش السوري الحر", "الفصائل المسلحة",
                                                      "فصائل الجيش الوطني", "المعارضة المسلحة")),
    "Hayat Tahrir al-Sham (HTS)": (2, ("هيئة تحرير الشام", "تحرير الشام", "جبهة النصرة", "النصرة")),
    "Maghawir al-Thawra": (2, ("جيش المغاوير", "مغاوير الثورة", "جيش مغاوير الثورة")),
    "US-led coalition": (8, ("التحالف الدولي", "قوات التحالف", "التحالف", "طيران التحالف")),
    "Military Forces of the United States": (8, ("القوات الأميركية", "القوات الأمريكية", "الجيش الأميركي",
                                                 "الجيش الأمريكي", "الولايات المتحدة", "الأميركيين",
                                                 "الأمريكيين")),
    "Military Forces of Russia": (8, ("الطيران الروسي", "القوات الروسية", "الجانب الروسي", "الجيش الروسي",
                                      "الشرطة العسكرية الروسية")),
    "Military Forces of Iran / IRGC": (8, ("الحرس الثوري", "الحرس الثوري الإيراني", "القوات الإيرانية",
                                           "الميليشيات الإيرانية", "الميلشيات الإيرانية")),
    "Hezbollah": (3, ("حزب الله", "ميليشيا حزب الله")),
    "Military Forces of Turkey": (8, ("الجيش التركي", "القوات التركية", "الطيران التركي", "المسيرات التركية",
                                      "مسيرة تركية")),
    "Military Forces of Israel": (8, ("الطيران الإسرائيلي", "الجيش الإسرائيلي", "القوات الإسرائيلية",
                                      "الطائرات الإسرائيلية")),
    "Popular Mobilization Forces (PMF)": (3, ("الحشد الشعبي",)),
    "Tribal militia": (4, ("العشائر", "مقاتلي العشائر", "قوات العشائر", "أبناء العشائر", "مسلحين من العشائر")),
    "Civilians": (7, ("مدنيين", "المدنيين", "مدنيون", "الأهالي", "السكان", "مدني~")),
    "Protesters": (6, ("متظاهرين", "محتجين", "متظاهرون", "محتجون")),
}
# A capital used as a metonym is its government.
METONYM_ACTORS = {"واشنطن": "Government of the United States", "موسكو": "Government of Russia",
                  "دمشق": "Government of Syria", "أنقرة": "Government of Turkey", "طهران": "Government of Iran"}

COMPILED = [(name, code, phrase_regex(alias)) for name, (code, aliases) in ACTORS.items() for alias in aliases]
TARGET_CUES = re.compile(r"(?:^|\s)(?:علي|ضد|استهداف|استهدف\S*|حافله|قافله|لل?)\s*$")
EXCLUDE_CUES = re.compile(r"(?:سيطره|بدعم من|بدعم|دعم|حلفاء|مناطق|تبحث|تريد)\s*$")


@dataclass
class ActorMention:
    name: str
    code: int
    nstart: int
    nend: int


def find_actors(norm_text, start, end):
    """Non-overlapping actor mentions in [start, end), longest first."""
    found = []
    for name, code, rx in COMPILED:
        for m in rx.finditer(norm_text, start, end):
            found.append(ActorMention(name, code, m.start(), m.end()))
    found.sort(key=lambda a: (-(a.nend - a.nstart), a.nstart))
    kept = []
    for a in found:
        if not any(a.nstart < k.nend and k.nstart < a.nend for k in kept):
            kept.append(a)
    return sorted(kept, key=lambda a: a.nstart)


def assign_roles(norm_text, trigger, actors):
    """[{name, role}] for actors near a trigger: attacker, target or actor; control-area mentions left out."""
    out = []
    for a in actors:
        left = norm_text[max(0, a.nstart - 30):a.nstart]
        if EXCLUDE_CUES.search(left):
            continue
        if a.nstart >= trigger.nend and TARGET_CUES.search(norm_text[max(trigger.nend, a.nstart - 30):a.nstart]):
            role = "target"
        elif a.nend <= trigger.nstart or (not out and len(norm_text[trigger.nend:a.nstart].split()) <= 2):
            role = "attacker" if trigger.rule.event_type != "Strategic developments" else "actor"
        else:
            role = "actor"
        if a.code == 7 and role == "attacker":
            role = "target"
        out.append({"name": a.name, "role": role, "inter": a.code})
    return out
