"""ACLED event types and sub-event types found from Arabic trigger expressions."""
from dataclasses import dataclass

from .patterns import compile_phrases


@dataclass(frozen=True)
class EventRule:
    """Trigger phrases for one kind of event; `kind` keeps distinct events of one ACLED type apart."""

    kind: str
    event_type: str
    sub_event_type: str
    priority: int
    phrases: tuple


RULES = [
    EventRule("suicide", "Explosions/Remote violence", "Suicide bomb", 10,
              ("انتحاري~", "حزام ناسف", "أحزمة ناسفة", "تفجير انتحاري")),
    EventRule("ied", "Explosions/Remote violence", "Remote explosive/landmine/IED", 9,
              ("عبوة ناسفة", "عبوات ناسفة", "لغم~", "ألغام", "مفخخة", "سيارة مفخخة", "دراجة مفخخة")),
    EventRule("airstrike", "Explosions/Remote violence", "Air/drone strike", 8,
              ("غارة~", "غارات", "قصف جوي", "طائرة مسيرة", "طائرات مسيرة", "مسيرة انتحارية", "ضربة جوية",
               "ضربات جوية", "قصف بطائرة~", "الطيران الحربي", "استهدفت مسيرة")),
    EventRule("missile", "Explosions/Remote violence", "Shelling/artillery/missile attack", 7,
              ("قصف صاروخي", "هجوم صاروخي", "قصف مدفعي", "قصفا مدفعيا", "قصفاً مدفعياً", "قذائف هاون",
               "قذيفة هاون", "راجمات", "صواريخ", "صاروخ~")),
    EventRule("abduction", "Violence against civilians", "Abduction/forced disappearance", 6,
              ("اختطاف", "اختطف~", "خطف~", "مختطف~")),
    EventRule("civilian_attack", "Violence against civilians", "Attack", 6,
              ("اغتيال", "اغتال~", "إعدام", "أعدم~", "تصفية")),
    EventRule("clash", "Battles", "Armed clash", 5,
              ("اشتباك~", "اشتبك~", "معارك", "معركة", "مواجهات", "هجوم~", "هاجم~", "كمين", "تصدت", "تصدى",
               "استهداف~", "استهدف~")),
    EventRule("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack", 4,
              ("قصف~", "قذائف", "قذيفة", "مدفعي~", "هاون")),
    EventRule("gov_regains", "Strategic developments", "Government regains territory", 4,
              ("استعاد~ السيطرة", "استعادة السيطرة", "باستعادة السيطرة", "استعادت السيطرة")),
    EventRule("nonstate_takes", "Strategic developments", "Non-state actor overtakes territory", 3,
              ("سيطر~ على", "بسط~ سيطرته~", "فرض~ سيطرته~")),
    EventRule("base", "Strategic developments", "Headquarters or base established", 3,
              ("نقطة عسكرية جديدة", "إنشاء قاعدة", "قاعدة عسكرية جديدة", "إنشاء نقطة", "أنشأ~ نقطة", "إقامة نقطة",
               "أقام~ نقطة")),
    EventRule("arrests", "Strategic developments", "Arrests", 3,
              ("اعتقال~", "اعتقل~", "مداهمات", "مداهمة", "حملة دهم", "حملة مداهمات", "حملة اعتقالات")),
    EventRule("reinforcement", "Strategic developments", "Other", 2,
              ("تعزيزات", "استقدام", "حشود عسكرية", "نقل الجنود", "أرتال", "رتل~", "أرسل~ تعزيزات")),
    EventRule("exercise", "Strategic developments", "Other", 2,
              ("مناورات", "مناورة", "تدريبات عسكرية", "تدريبات مشتركة")),
    EventRule("transfer", "Strategic developments", "Other", 1,
              ("نقل معتقلي~", "نقل مزيد من عناصر", "نقل عناصر", "نقل سجناء", "نقل~ عدد من معتقلي~")),
    EventRule("protest", "Protests", "Peaceful protest", 2,
              ("مظاهرة", "مظاهرات", "احتجاج~", "وقفة احتجاجية", "تظاهر~", "اعتصام", "محتجون", "متظاهرون")),
]
COMPILED = [(rule, compile_phrases(rule.phrases)) for rule in RULES]


@dataclass
class Trigger:
    """A trigger found in normalised text."""

    rule: EventRule
    nstart: int
    nend: int


def find_triggers(norm_text, start=0, end=None):
    """The strongest trigger of each kind inside [start, end) of the normalised text."""
    end = len(norm_text) if end is None else end
    best = {}
    for rule, regexes in COMPILED:
        for rx in regexes:
            m = rx.search(norm_text, start, end)
            if m and (rule.kind not in best or m.start() < best[rule.kind].nstart):
                best[rule.kind] = Trigger(rule, m.start(), m.end())
    triggers = sorted(best.values(), key=lambda t: -t.rule.priority)
    # A generic rule is dropped when a more specific one of the same ACLED family covers the sentence.
    kinds = {t.rule.kind for t in triggers}
    if kinds & {"suicide", "ied", "airstrike", "missile"}:
        triggers = [t for t in triggers if t.rule.kind not in ("shelling", "clash")]
    if "gov_regains" in kinds:
        triggers = [t for t in triggers if t.rule.kind != "nonstate_takes"]
    if "clash" in kinds:
        triggers = [t for t in triggers if t.rule.kind != "shelling"]
    return triggers
