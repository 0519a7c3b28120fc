"""Mention roles: a literal place, a metonym (a capital standing for its government, a named event), or an organisation."""
from .lexicon import keys, strip_proclitics, words_after, words_before

OUTLET_AFTER = keys("نت", "net", "tv", "اف ام", "fm", "الفضائية", "اونلاين", "الإخبارية")
OUTLET_BEFORE = keys("قناة", "موقع", "صحيفة", "وكالة", "شبكة", "إذاعة", "تلفزيون", "جريدة", "مراسل", "لقناة", "لموقع", "لصحيفة", "لوكالة", "لشبكة")
EVENT_BEFORE = keys("مؤتمر", "محادثات", "مسار", "اتفاق", "اتفاقية", "قمة", "مفاوضات", "اجتماع", "اجتماعات",
                    "جولة", "تفاهمات", "منصة", "صيغة", "لقاء", "مباحثات", "إعلان", "بيان")
CAPITALS = keys("واشنطن", "موسكو", "دمشق", "أنقرة", "طهران", "بغداد", "عمان", "بيروت", "الرياض", "القاهرة",
                "باريس", "لندن", "بكين", "تل أبيب", "الدوحة", "أبوظبي", "برلين", "كييف")
# Tokens after a capital that are prepositions or nouns, not verbs, though they start like one.
NOT_VERBS = keys("تحت", "تجاه", "تلك", "تماما", "يوم", "يوميا")
# A capital addressed by a message or warning stands for its government ("رسالة إلى واشنطن").
ADDRESSED = keys("رسالة", "رسائل", "تحذير", "تحذيرا", "تحذيرات", "إنذار", "ردا", "رد", "دعوة")
# A country is a place only after a locative word; elsewhere it stands for its state ("نقل الولايات المتحدة").
LOCATIVE = keys("في", "إلى", "الى", "من", "داخل", "نحو", "عبر", "باتجاه", "شمال", "جنوب", "شرق", "غرب",
                "شمالي", "جنوبي", "شرقي", "غربي", "حدود", "أراضي", "اراضي", "أنحاء", "مناطق", "عمق", "خارج",
                "قرب", "وسط", "أجواء", "سماء")
PAST_VERBS = keys("أعلنت", "قالت", "أكدت", "نفت", "اتهمت", "طالبت", "هددت", "حذرت", "دعت", "رفضت", "أدانت",
                  "ردت", "وافقت", "اعتبرت", "قررت", "أرسلت", "سعت", "تسعى", "تريد", "أبلغت", "ترى", "تبحث")


NEIGHBOUR_WORDS = 3  # the role rules look at most three words around a mention


def _neighbour_tokens(text, nstart, nend):
    return words_before(text, nstart, NEIGHBOUR_WORDS), words_after(text, nend, NEIGHBOUR_WORDS)


def is_verb_like(token):
    """Imperfect (ت/ي-prefixed) or listed past-tense verbs, as a capital's predicate."""
    token = strip_proclitics(token, allowed=("و", "ف"))
    if token in NOT_VERBS:
        return False
    return token in PAST_VERBS or (len(token) >= 4 and token[0] in "تي")


def classify_role(mention, norm_text, candidates):
    """The role of a mention from its neighbours and what its candidates are."""
    before, after = _neighbour_tokens(norm_text, mention.nstart, mention.nend)
    prev = before[-1] if before else ""
    nxt = after[0] if after else ""
    if nxt in OUTLET_AFTER or (prev in OUTLET_BEFORE and not mention.prefix):
        return "organization"
    if strip_proclitics(prev) in EVENT_BEFORE and not mention.prefix:
        return "metonymic"
    is_country = any(p.feature_type == "country" for p, _ in candidates)
    if is_country and "ب" not in mention.prefix and strip_proclitics(prev) not in LOCATIVE:
        return "metonymic"
    if mention.key in CAPITALS and "ب" not in mention.prefix:
        if any(strip_proclitics(t) in ADDRESSED for t in before[-3:]):
            return "metonymic"
        if is_verb_like(nxt) or strip_proclitics(prev, allowed=("و", "ف")) in PAST_VERBS:
            return "metonymic"
    return "literal"
