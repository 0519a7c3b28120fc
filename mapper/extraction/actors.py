"""Actors: a lexicon of Arabic names to canonical actors with ACLED interaction codes, and their roles."""
import re
from dataclasses import dataclass

from gazetteer.core.normalize import normalize_key

from .patterns import PhraseMatcher

# ACLED interaction codes: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
ACTORS = {
    "Islamic State (ISIS)": (2, ("داعش", "تنظيم الدولة", "الدولة الإسلامية", "تنظيم داعش", "خلايا داعش",
                                 "خلايا تنظيم داعش", "عناصر داعش", "تنظيم الدولة الإسلامية", "ولاية الشام",
                                 "خلايا التنظيم", "عناصر التنظيم",
                                 "الدواعش")),
    "Military Forces of Syria": (1, ("الجيش السوري", "الجيش العربي السوري", "قوات النظام", "قوات الأسد",
                                     "القوات الحكومية", "قوات الحكومة السورية", "الفرقة الرابعة", "الفرقة 15",
                                     "الفرقة 17", "الجيش", "قوات الجيش", "القوات السورية", "جيش النظام",
                                     "الدفاعات الجوية السورية", "الدفاعات الجوية", "وحدات من الجيش",
                                     "الأمن العسكري", "المخابرات الجوية", "الأجهزة الأمنية", "الأمن السياسي",
                                     "أمن الدولة", "الحرس الجمهوري", "قوات النمر", "البحرية السورية")),
    "National Defence Forces (NDF)": (3, ("الدفاع الوطني", "قوات الدفاع الوطني", "ميليشيا الدفاع الوطني")),
    "Syrian Democratic Forces (SDF)": (2, ("قسد", "قوات سوريا الديمقراطية", "قوات سورية الديمقراطية",
                                           "وحدات حماية الشعب", "الوحدات الكردية", "الأسايش", "الآسايش",
                                           "قوى الأمن الداخلي", "مجلس دير الزور العسكري",
                                           "وحدات حماية المرأة")),
    "Syrian National Army / opposition factions": (2, ("الجيش الوطني السوري", "الجيش الوطني", "فصائل المعارضة",
                                                      "الجيش الحر", "الجيش السوري الحر", "الفصائل المسلحة",
                                                      "فصائل الجيش الوطني", "المعارضة المسلحة", "الفصائل",
                                                      "الشرطة العسكرية في الباب", "فصائل المعارضة السورية",
                                                      "الجبهة الوطنية للتحرير", "فيلق الشام")),
    "Hayat Tahrir al-Sham (HTS)": (2, ("هيئة تحرير الشام", "تحرير الشام", "جبهة النصرة", "النصرة",
                                       "الهيئة", "جبهة فتح الشام")),
    "Maghawir al-Thawra": (2, ("جيش المغاوير", "مغاوير الثورة", "جيش مغاوير الثورة")),
    "US-led coalition": (8, ("التحالف الدولي", "قوات التحالف", "التحالف", "طيران التحالف",
                             "مروحيات التحالف", "التحالف الدولي بقيادة واشنطن")),
    "Military Forces of the United States": (8, ("القوات الأميركية", "القوات الأمريكية", "الجيش الأميركي",
                                                 "الجيش الأمريكي", "الأميركيين", "الأمريكيين")),
    "Military Forces of Russia": (8, ("الطيران الروسي", "القوات الروسية", "الجانب الروسي", "الجيش الروسي",
                                      "الشرطة العسكرية الروسية", "الطائرات الروسية", "البحرية الروسية",
                                      "وزارة الدفاع الروسية", "المقاتلات الروسية")),
    "Military Forces of Iran / IRGC": (8, ("الحرس الثوري", "الحرس الثوري الإيراني", "القوات الإيرانية",
                                           "الميليشيات الإيرانية", "الميلشيات الإيرانية", "فيلق القدس",
                                           "الميليشيات الموالية لإيران", "مجموعات موالية لإيران",
                                           "المستشارين الإيرانيين")),
    "Hezbollah": (3, ("حزب الله", "ميليشيا حزب الله", "حزب الله اللبناني")),
    "Military Forces of Turkey": (8, ("الجيش التركي", "القوات التركية", "الطيران التركي", "المسيرات التركية",
                                      "مسيرة تركية", "الاستخبارات التركية")),
    "Military Forces of Israel": (8, ("الطيران الإسرائيلي", "الجيش الإسرائيلي", "القوات الإسرائيلية",
                                      "الطائرات الإسرائيلية", "طائرات حربية إسرائيلية", "الاحتلال الإسرائيلي",
                                      "إسرائيل", "طائرات إسرائيلية", "المقاتلات الإسرائيلية")),
    "Popular Mobilization Forces (PMF)": (3, ("الحشد الشعبي", "فصائل الحشد الشعبي")),
    "Tribal militia": (4, ("العشائر", "مقاتلي العشائر", "قوات العشائر", "أبناء العشائر", "مسلحين من العشائر",
                           "مقاتلو العشائر", "مقاتلي العشائر العربية", "مقاتلو العشائر العربية",
                           "العشائر العربية", "جيش العشائر")),
    "Unidentified armed group": (3, ("مسلحون مجهولون", "مسلحين مجهولين", "مجهولون", "مجهولين",
                                     "مسلحون ملثمون", "مسلحين ملثمين")),
    "Local armed groups": (3, ("مسلحون محليون", "مسلحين محليين", "مجموعات محلية", "المجموعات المحلية",
                               "اللجان المركزية", "مقاتلون محليون", "مقاتلين محليين")),
    "Civilians": (7, ("مدنيين", "المدنيين", "مدنيون", "الأهالي", "السكان", "مدني~", "أطفال", "الأطفال",
                      "نساء", "صيدلاني", "عائلة", "رعاة", "باحثين عن الكمأة", "جامعي الكمأة", "مزارعين",
                      "عمال", "شبان", "الشبان", "مواطنين", "المواطنين", "شاب", "طفل~", "امرأة", "سكان")),
    "Protesters": (6, ("متظاهرين", "محتجين", "متظاهرون", "محتجون", "المتظاهرين", "المحتجين")),
}
PROTESTERS = "Protesters"
# A capital used as a metonym is its government; the same word after a place word stays a place.
METONYM_ACTORS = {"واشنطن": ("Government of the United States", 8), "موسكو": ("Government of Russia", 8),
                  "دمشق": ("Government of Syria", 1), "أنقرة": ("Government of Turkey", 8),
                  "طهران": ("Government of Iran", 8), "تل أبيب": ("Government of Israel", 8),
                  "بغداد": ("Government of Iraq", 8), "عمان": ("Government of Jordan", 8),
                  "بيروت": ("Government of Lebanon", 8)}
PLACE_WORDS = {normalize_key(w) for w in (
    "في", "من", "الى", "إلى", "قرب", "محيط", "ريف", "وريف", "العاصمة", "مدينة", "طريق", "مطار", "نحو",
    "باتجاه", "وسط", "حول", "عن", "جنوب", "جنوبي", "شمال", "شمالي", "شرق", "شرقي", "غرب", "غربي", "أطراف",
    "داخل", "خارج", "بين", "سفارة", "محافظة", "أرجاء", "ضواحي", "حتى", "مطار", "دوار", "جامعة")}
TARGET_CUES = re.compile(r"(?:^|\s)(?:علي|ضد|استهداف|استهدف\S*|حافله|قافله|تجاه|بحق|طالت|طال)"
                         r"(?:\s+[لب]?(?:مواقع|مقرات|نقاط|نقطه|حاجز|حواجز|دوري\S*|تجمعات|ثكن\S*|قاعده|اليات))?\s*$")
AGENT_CUES = re.compile(r"(?:^|\s)(?:من قبل|من جانب|من طرف|على يد|علي يد|علي ايدي|شن\S*|نفذ\S*|تبن\S*|"
                        r"اطلق\S*|بطائره|بطائرات|مصدر\S*(?:\s+مواقع)?)(?:\s+(?:خلايا|عناصر|مسلحو|مسلحي|مقاتلو|"
                        r"مقاتلي|قوات|طائرات|طيران|مجموعه|مجموعات))?\s*$")
# "قتل خمسة عناصر من X"، "في صفوف X": X lost people, so X is the target.
VICTIM_BEFORE = re.compile(r"(?:قتل|مقتل|مصرع|اصابه|اصيب|جرح|اسر|اسروا|خسائر)\S*\s+(?:\S+\s+){0,3}?"
                           r"(?:من|في صفوف|بين)\s*(?:عناصر\s+|مقاتلي\s+)?$")
PASSIVE_BEFORE = re.compile(r"(?:^|\s)(?:تعرض\S*|استهدف(?:ت)?)(?:\s+\S+)?\s*$")
# "على مواقع X"، "لمواقع X": once an attacker is named, a name after one of these words is its target.
OBJECT_BEFORE = re.compile(r"(?:^|\s)[وبل]?(?:مواقع|مقرات|مقر|نقاط|نقطه|حاجز|حواجز|دوري\S*|عناصر|تجمعات|قافله|"
                           r"حافله|رتل|ارتال|ثكن\S*|قاعده|مستودعات|اليات|اماكن)\s*$")
EXCLUDE_CUES = re.compile(r"(?:سيطره|بدعم من|بدعم|دعم|حلفاء|مناطق|تبحث|تريد|الخاضعه ل\S*|الخاضعه|المدعومه من|"
                          r"الموالي\S* ل\S*|الموال\S*|ضمن|صفوف)\s*$")


@dataclass
class ActorMention:
    """An actor named in normalised text; `proclitic` is the prefix letters before the name (ل، ب …)."""

    name: str
    code: int
    nstart: int
    nend: int
    proclitic: str = ""
    metonym: bool = False


class ActorLexicon:
    """Actor names compiled into one regex: `entries` is {canonical name: (inter code, aliases)}."""

    def __init__(self, entries, metonyms=None):
        self.entries = {name: (int(code), tuple(aliases)) for name, (code, aliases) in entries.items()}
        self.metonyms = dict(METONYM_ACTORS if metonyms is None else metonyms)
        aliases = [((name, code, False), a) for name, (code, names) in self.entries.items() for a in names
                   if normalize_key(a.rstrip("~"))]
        aliases += [((name, code, True), capital) for capital, (name, code) in self.metonyms.items()]
        # All aliases of all actors, longest first: the longest name wins at one position.
        aliases.sort(key=lambda la: -len(normalize_key(la[1].rstrip("~"))))
        self.matcher = PhraseMatcher([(label, [alias]) for label, alias in aliases])

    def __len__(self):
        return len(self.entries)

    def code_of(self, name):
        return self.entries[name][0] if name in self.entries else None

    def find(self, norm_text, start, end):
        """Actor mentions in [start, end), in text order; a capital counts only as a metonym."""
        found = []
        for (name, code, metonym), m in self.matcher.find_all(norm_text, start, end):
            if metonym and not _metonymic(norm_text, m, start):
                continue
            proclitic = m.group("proclitic") or _lone_proclitic(norm_text, m.start(), start)
            found.append(ActorMention(name, code, m.start(), m.end(), proclitic, metonym))
        return found


def _lone_proclitic(norm_text, pos, start):
    """A proclitic written apart from its name (لـ"داعش" normalises to ل داعش)."""
    before = norm_text[max(start, pos - 4):pos].split()
    return before[-1] if before and before[-1] in ("ل", "لل", "ب", "وب", "ول", "ك") else ""


def _metonymic(norm_text, m, start):
    """A capital is its government when it is not governed by a place word (في، ريف، العاصمة …)."""
    if m.group("proclitic"):
        return False
    before = norm_text[max(start, m.start() - 20):m.start()].split()
    if before and before[-1] in PLACE_WORDS:
        return False
    after = norm_text[m.end():m.end() + 20].split()
    nxt = after[0] if after else ""
    verb_after = len(nxt) >= 3 and (nxt[0] in "تي" or nxt.startswith(("فت", "في")) or nxt.endswith("ت"))
    verb_before = bool(before) and len(before[-1]) >= 3 and (before[-1].endswith("ت") or
                                                             before[-1].startswith(("تت", "يت", "ات")))
    return verb_after or verb_before


DEFAULT_LEXICON = ActorLexicon(ACTORS)


def find_actors(norm_text, start, end, lexicon=None):
    """Actor mentions in [start, end) with the given lexicon (the built-in one by default)."""
    return (lexicon or DEFAULT_LEXICON).find(norm_text, start, end)


def _role(norm_text, trigger, a, out, previous):
    """attacker, target or actor for one mention, from the words between it and the trigger."""
    left = norm_text[max(0, a.nstart - 40):a.nstart]
    if VICTIM_BEFORE.search(left):
        return "target"
    if previous is not None and out:
        joined = norm_text[previous.nend:a.nstart].split()
        if (a.proclitic.startswith("و") and not joined) or (len(joined) == 1 and joined[0].startswith("و")):
            return out[-1]["role"]  # "X وY"، "X ومسلحي Y": a coordinated name shares the role
    if a.nstart >= trigger.nend:
        between = norm_text[trigger.nend:a.nstart]
        has_attacker = any(o["role"] == "attacker" for o in out)
        if AGENT_CUES.search(between):
            return "attacker"
        if TARGET_CUES.search(between) or (has_attacker and ("ل" in a.proclitic or OBJECT_BEFORE.search(between))):
            return "target"
        if not has_attacker and len(between.split()) <= 2:
            return "attacker"
        return "actor"
    if PASSIVE_BEFORE.search(norm_text[max(0, a.nstart - 20):a.nstart]):
        return "target"
    return "attacker"


def assign_roles(norm_text, trigger, actors):
    """[{name, role, inter}] for actors near a trigger: attacker, target or actor; control-area mentions
    left out. Roles come from the phrasing: هجوم X على Y، استهداف X لـ Y، تعرض Y لهجوم من X، مقتل عناصر من Y."""
    out = []
    strategic = trigger.rule.event_type == "Strategic developments"
    protest = trigger.rule.event_type == "Protests"
    territorial = trigger.rule.kind in ("gov_regains", "nonstate_takes")
    previous = None
    for a in actors:
        # "مناطق سيطرة X" is background, unless the control is the event itself (سيطرة X على البلدة).
        if not territorial and EXCLUDE_CUES.search(norm_text[max(0, a.nstart - 30):a.nstart]):
            continue
        role = _role(norm_text, trigger, a, out, previous)
        previous = a
        name, code = a.name, a.code
        if strategic or protest or a.metonym:
            role = "actor"  # a capital's government speaks or threatens; it is not a side of the fighting
        if protest and code == 7:  # people who demonstrate are protesters, whatever word names them
            name, code = PROTESTERS, 6
        elif code == 7 and not strategic:
            role = "target"  # civilians are the victims of violence, never its side
        if any(o["name"] == name for o in out):
            continue
        out.append({"name": name, "role": role, "inter": code})
    return out
