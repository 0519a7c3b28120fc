"""ACLED event types and sub-event types found from Arabic trigger expressions, in one pass per sentence."""
import re
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.core.normalize import normalize_key

from .patterns import PhraseMatcher


@dataclass(frozen=True)
class EventRule:
    """Trigger phrases for one kind of event; `kind` keeps distinct events of one ACLED type apart."""

    kind: str
    event_type: str
    sub_event_type: str
    priority: int
    phrases: tuple


BATTLES, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, STRATEGIC = "Protests", "Strategic developments"

RULES = [
    EventRule("suicide", REMOTE, "Suicide bomb", 10,
              ("انتحاري~", "حزام ناسف", "أحزمة ناسفة", "تفجير انتحاري", "فجر~ نفسه", "فجر~ نفسها", "انغماسي~")),
    EventRule("ied", REMOTE, "Remote explosive/landmine/IED", 9,
              ("عبوة ناسفة", "عبوات ناسفة", "لغم~", "ألغام", "مفخخة", "سيارة مفخخة", "دراجة مفخخة",
               "عبوة لاصقة", "عبوة~ متفجرة", "مخلفات الحرب", "جسم~ متفجر~")),
    EventRule("disrupted", STRATEGIC, "Disrupted weapons use", 9,
              ("أسقط~ * طائرة", "أسقط~ * طائرات", "إسقاط * طائرة", "إسقاط * طائرات", "أسقط~ * مسيرة~",
               "إسقاط * مسيرة~", "اعترض~ * طائرة", "اعترض~ * طائرات", "اعتراض * طائرة", "اعتراض * طائرات",
               "اعترض~ * مسيرة~", "اعتراض * مسيرة~", "أبطل~ مفعول", "تفكيك عبوة",
               "تفكيك عبوات", "تفكيك العبوات")),
    EventRule("airstrike", REMOTE, "Air/drone strike", 8,
              ("غارة~", "غارات", "قصف جوي", "طائرة مسيرة", "طائرات مسيرة", "مسيرة انتحارية", "ضربة جوية",
               "ضربات جوية", "قصف بطائرة~", "الطيران الحربي", "استهدف~ مسيرة", "قصف~ طائرات", "قصف~ طائرة",
               "طائرات حربية", "طائرة حربية", "ضربة إسرائيلية", "ضربات إسرائيلية", "قصف~ الطيران",
               "شن~ الطيران")),
    EventRule("missile", REMOTE, "Shelling/artillery/missile attack", 7,
              ("قصف صاروخي", "هجوم صاروخي", "قصف مدفعي", "قصفا مدفعيا", "قصفاً مدفعياً", "قذائف هاون",
               "قذيفة هاون", "راجمات", "قذائف صاروخية", "رشقات صاروخية", "قصف بالمدفعية", "بالمدفعية",
               "قصف~ مدفعية")),
    # Missiles alone may be fired from aircraft: with an air strike in the sentence they are its weapon.
    EventRule("rocket", REMOTE, "Shelling/artillery/missile attack", 7, ("صواريخ", "صاروخ~")),
    EventRule("abduction", VAC, "Abduction/forced disappearance", 6,
              ("اختطاف~", "اختطف~", "خطف~", "مختطف~", "اختفاء قسري", "الإخفاء القسري", "إخفاء~ قسري~",
               "مجهول~ المصير", "مصير~ مجهول~", "تغييب~", "اقتاد~ * إلى جهة مجهولة")),
    EventRule("civilian_attack", VAC, "Attack", 6,
              ("اغتيال", "اغتال~", "إعدام", "أعدم~", "تصفية", "إعدام ميداني", "أطلق~ النار على مدني~",
               "برصاص مجهولين", "قتل~ برصاص", "أعدم~ ميدانيا", "برصاص قناص", "برصاص مسلح~",
               "أطلق~ * النار على مدني~", "إطلاق النار على مدني~", "عثر~ * على جث~", "يعثر~ * على جث~",
               "العثور على جث~", "آثار طلقات", "آثار تعذيب")),
    EventRule("intervention", PROTESTS, "Protest with intervention", 6,
              ("تفريق المتظاهرين", "تفريق المحتجين", "لتفريق~", "فرق~ المتظاهرين", "فرق~ المحتجين",
               "قمع~ المظاهرة", "قمع~ المتظاهرين", "قمع~ المحتجين", "اعتقل~ عدد~ من المحتجين",
               "اعتقال متظاهرين", "اعتقال محتجين", "النار على المتظاهرين", "النار على المحتجين",
               "الرصاص الحي على المتظاهرين")),
    # Dispersal words are an intervention only in a sentence that reports a protest (see prune).
    EventRule("dispersal", PROTESTS, "Protest with intervention", 6,
              ("فرقت", "فرقوا", "تفريق~", "لتفريق~", "قمع~", "الغاز المسيل للدموع", "الرصاص الحي", "بالرصاص الحي",
               "الهراوات")),
    EventRule("gov_regains", BATTLES, "Government regains territory", 5,
              ("استعاد~ السيطرة", "استعادة السيطرة", "استعاد~", "يستعيد~", "أعاد~ السيطرة",
               "إعادة السيطرة")),
    EventRule("nonstate_takes", BATTLES, "Non-state actor overtakes territory", 5,
              ("سيطر~ على", "سيطرت", "سيطروا", "سيطر", "يسيطر~ على", "تسيطر~ على", "السيطرة على", "بسط~ سيطرته~", "فرض~ سيطرته~",
               "انتزع~ السيطرة", "سيطرتها على", "سيطرته على", "سيطرتهم على", "طرد~", "استولى~ على", "منذ سيطرة",
               "بعد سيطرة", "إثر سيطرة", "عقب سيطرة",
               "استيلاء على")),
    EventRule("clash", BATTLES, "Armed clash", 5,
              ("اشتباك~", "اشتبك~", "معارك", "معركة", "مواجهات", "هجوم~", "هاجم~", "كمين", "تصدت", "تصدوا",
               "استهداف~", "استهدف~", "تبادل~ لإطلاق النار", "تبادل~ إطلاق النار", "هجمات", "اقتتال", "أطلق~ النار", "إطلاق نار",
               "مواجهات مسلحة")),
    EventRule("shelling", REMOTE, "Shelling/artillery/missile attack", 4,
              ("قصف~", "قذائف", "قذيفة", "مدفعي~", "هاون", "دكت", "دك")),
    EventRule("base", STRATEGIC, "Headquarters or base established", 3,
              ("نقطة عسكرية جديدة", "إنشاء قاعدة", "قاعدة عسكرية جديدة", "إنشاء نقطة", "أنشأ~ نقطة", "إقامة نقطة",
               "أقام~ نقطة", "حاجز~ جديد~", "أقام~ حاجز~", "إقامة حاجز~", "نصب~ حاجز~", "مقر~ جديد~",
               "قاعدة جديدة", "نقطة جديدة", "أنشأ~ قاعدة", "أقام~ * حاجز~", "أقام~ * نقطة~", "أنشأ~ * نقطة~",
               "أنشأ~ * قاعدة", "حاجز~ * جديد~", "نقطة * جديدة", "مقر~ * جديد~", "افتتح~ * مقر~")),
    EventRule("arrests", STRATEGIC, "Arrests", 3,
              ("اعتقال~", "اعتقل~", "مداهمات", "مداهمة", "حملة دهم", "حملة مداهمات", "حملة اعتقالات", "ألقى~ القبض",
               "إلقاء القبض", "القبض على", "احتجاز", "احتجز~", "توقيف", "يعتقل~", "تعتقل~", "داهم~")),
    EventRule("reinforcement", STRATEGIC, "Other", 2,
              ("تعزيزات", "استقدام", "استقدم~", "حشود عسكرية", "حشود", "نقل الجنود", "أرتال", "رتل~", "أرسل~ تعزيزات",
               "دفع~ بتعزيزات", "انتشار عسكري", "تحرك~ عسكري~", "إعادة انتشار")),
    EventRule("exercise", STRATEGIC, "Other", 2,
              ("مناورات", "مناورة", "تدريبات عسكرية", "تدريبات مشتركة", "تمارين عسكرية", "تمرين~ عسكري~",
               "رمايات")),
    EventRule("transfer", STRATEGIC, "Other", 1,
              ("نقل معتقلي~", "نقل مزيد من عناصر", "نقل عناصر", "نقل سجناء", "نقل~ عدد من معتقلي~")),
    EventRule("protest", PROTESTS, "Peaceful protest", 2,
              ("مظاهرة", "مظاهرات", "احتجاج~", "وقفة احتجاجية", "تظاهر~", "اعتصام", "اعتصم~", "محتجون", "متظاهرون",
               "المحتجين", "المتظاهرين", "يتظاهر~", "مسيرة احتجاجية", "مسيرات احتجاجية", "إضراب~")),
]
BY_KIND = {rule.kind: rule for rule in RULES}
# Every phrase of every rule in one matcher: a sentence is scanned once, word by word, not once per phrase.
TRIGGERS = PhraseMatcher([(rule.kind, rule.phrases) for rule in RULES])

# A trigger is figurative or negated when the next word or the words before it say so.
FIGURATIVE_NEXT = {normalize_key(w) for w in (
    "إعلامي", "إعلامية", "سياسي", "سياسية", "دبلوماسي", "دبلوماسية", "انتخابي", "انتخابية", "كلامي",
    "كلامية", "لفظي", "لفظية", "إلكتروني", "إلكترونية", "سيبراني", "سيبرانية", "اقتصادي", "اقتصادية",
    "قضائي", "قضائية", "قانوني", "قانونية", "دعائي", "دعائية", "تجاري", "تجارية")}
# Habitual or hypothetical violence is not an event of the day: هجمات مماثلة، هجمات متكررة، هجوم محتمل
# (a protest "مماثلة" to another is still a protest).
HABITUAL_NEXT = {normalize_key(w) for w in (
    "مماثل", "مماثلة", "متكرر", "متكررة", "سابق", "سابقة", "محتمل", "محتملة", "مرتقب", "مرتقبة")}
NEGATION_BEFORE = re.compile(r"(?:(?<!\S)[وف]?(?:دون|بدون|عدم|نفي|نفت|نفي|ينفي|تنفي|لم\s+(?:تسجل|يسجل|تشهد|يشهد|تقع|يقع|تحدث|"
                             r"تندلع|تدر))(?:\s+(?:اي|وقوع|تسجيل|حدوث|اندلاع))*\s*)$"
                             # ceasefire and talks: وقف إطلاق النار، مؤتمر
                             r"|(?<!\S)[وبل]?(?:وقف|اتفاق|هدنه|مؤتمر|مفاوضات|محادثات)\s*$"
                             # an event already reported (هذا الهجوم) or long past (منذ المعارك)
                             r"|(?<!\S)[وف]?(?:هذا|هذه|ذلك|تلك|منذ)\s*$")
NEGATION_WINDOW = 30


@dataclass
class Trigger:
    """A trigger found in normalised text."""

    rule: EventRule
    nstart: int
    nend: int


def _figurative(norm_text, kind, m, end):
    following = norm_text[m.end():min(end, m.end() + 20)].split(None, 1)
    if not following:
        return False
    word = following[0][2:] if following[0].startswith("ال") else following[0]
    bare = word.rstrip("ا")
    if word in FIGURATIVE_NEXT or bare in FIGURATIVE_NEXT:
        return True
    return BY_KIND[kind].event_type != PROTESTS and (word in HABITUAL_NEXT or bare in HABITUAL_NEXT)


def _negated(norm_text, m, start):
    return bool(NEGATION_BEFORE.search(norm_text[max(start, m.start() - NEGATION_WINDOW):m.start()]))


def scan(norm_text, start=0, end=None):
    """Every trigger match in [start, end), in text order: (kind, nstart, nend)."""
    end = len(norm_text) if end is None else end
    return [(kind, m.start(), m.end()) for kind, m in TRIGGERS.find_all(norm_text, start, end)
            if not _figurative(norm_text, kind, m, end) and not _negated(norm_text, m, start)
            and not (kind == "rocket" and _definite(norm_text, m))]


def _definite(norm_text, m):
    """"الصواريخ" points back to missiles already reported (often an air strike's); a new salvo is indefinite."""
    return norm_text.startswith("ال", m.end("proclitic"))


def find_triggers(norm_text, start=0, end=None):
    """The strongest trigger of each kind inside [start, end) of the normalised text."""
    best = {}
    for kind, s, e in scan(norm_text, start, end):
        if kind not in best:
            best[kind] = Trigger(BY_KIND[kind], s, e)
    if not best:
        return []  # a sentence without a trigger
    # Missiles and shells are one ACLED sub-event: both mentions of one shelling must merge.
    return [Trigger(BY_KIND["shelling"], t.nstart, t.nend) if t.rule.kind in ("missile", "rocket") else t
            for t in prune(sorted(best.values(), key=lambda t: -t.rule.priority))]


def prune(triggers):
    """A generic rule is dropped when a more specific one of the same ACLED family covers the sentence."""
    by_kind = {t.rule.kind: t for t in triggers}
    kinds = frozenset(by_kind)
    if "protest" in kinds and kinds & {"arrests", "intervention", "dispersal"}:
        # Protesters arrested or dispersed at their protest: ACLED codes one protest with intervention.
        protest = by_kind["protest"]
        by_kind.setdefault("intervention", Trigger(BY_KIND["intervention"], protest.nstart, protest.nend))
    dropped = _dropped(kinds)
    return sorted((t for k, t in by_kind.items() if k not in dropped), key=lambda t: -t.rule.priority)


@lru_cache(maxsize=4096)  # a sentence's kinds are one of a few combinations
def _dropped(kinds):
    """The kinds prune() drops when a sentence has `kinds` (a frozenset)."""
    dropped = set()
    if kinds & {"suicide", "ied", "airstrike", "missile", "rocket"}:
        dropped |= {"shelling", "clash"}
    if kinds & {"suicide", "ied"}:
        dropped |= {"airstrike", "missile", "rocket"}
    if kinds & {"airstrike", "missile"}:
        dropped.add("rocket")
    if "suicide" in kinds:
        dropped.add("ied")  # the bomber's car or belt is the suicide bombing itself
    if "disrupted" in kinds:
        dropped |= {"airstrike", "missile", "rocket", "shelling", "clash", "ied"}
    if "gov_regains" in kinds:
        dropped.add("nonstate_takes")
    if kinds & {"gov_regains", "nonstate_takes"}:
        dropped.add("clash")  # the fighting of a capture is coded as the territory change
    if "clash" in kinds:
        dropped.add("shelling")
    if "civilian_attack" in kinds:
        dropped.add("clash")
    dropped.add("dispersal")
    if "protest" in kinds and kinds & {"arrests", "intervention", "dispersal"}:
        dropped |= {"protest", "arrests"}  # the protest, with intervention (see prune)
    if "intervention" in kinds:
        dropped |= {"protest", "arrests"}
    return frozenset(dropped)


def refine(rule, actors):
    """The rule after the actors are known: a capture by state forces is the government regaining
    territory, one by anyone else a non-state actor overtaking it; an attack whose only targets are
    civilians is violence against civilians."""
    takers = [a for a in actors if a["role"] in ("attacker", "actor")]
    if rule.kind in ("gov_regains", "nonstate_takes") and takers:
        return BY_KIND["gov_regains"] if takers[0].get("inter") == 1 else BY_KIND["nonstate_takes"]
    if rule.kind == "clash":
        targets = [a for a in actors if a["role"] == "target"]
        if targets and all(a.get("inter") == 7 for a in targets):
            return BY_KIND["civilian_attack"]
    return rule
