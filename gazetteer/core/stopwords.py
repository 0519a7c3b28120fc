"""Everyday Arabic words that are also the names (or name parts) of places: spotted only after a place cue."""
from .lexicon import keys
from .normalize import normalize_key

COMMON_WORDS = keys(
    "جديدة", "الجديدة", "جديد", "الجديد", "عملية", "العملية", "منطقة", "المنطقة", "الحدود", "حدود", "الشمال",
    "الجنوب", "الشرق", "الغرب", "السلام", "النصر", "الثورة", "الحرية", "الوحدة", "العين", "عين", "الطيبة",
    "المزرعة", "مزرعة", "القرية", "البلد", "القصر", "السد", "الجسر", "المحطة", "المدينة", "الشيخ", "الإمام",
    "السوق", "الكرامة", "العرب", "البيت", "الحرب", "قلعة", "القلعة", "الجيش", "الدولة", "الإسلامية", "التحالف",
    "المصدر", "مصدر", "الأمن", "النور", "الأمل", "الخير", "الرحمة", "الفرات", "النهر", "البحر", "الوادي",
    "الجبل", "التل", "تل", "الحي", "المركز", "مركز", "الساحل", "الريف", "البادية", "الصحراء", "الميدان",
    "السلمية", "العاصمة", "الطريق", "الشارع", "الحرة", "حرة", "الفاروق", "الرشيد", "المنصورة", "المنصور",
    "الزهراء", "الحمراء", "البيضاء", "السوداء", "الخضراء", "الكبير", "الكبرى", "الصغير", "الصغرى", "الغربي",
    "الشرقي", "الشمالي", "الجنوبي", "الغربية", "الشرقية", "الشمالية", "الجنوبية", "الوسطى", "العليا", "السفلى",
    "العسكرية", "العسكري", "الأول", "الثاني", "الثالث", "أبو", "ابن", "بني", "بيت", "دار", "الدار", "قرية",
    "بلدة", "مدينة", "شهداء", "الشهداء", "الأرض", "الحكومة", "القوات", "الفرقة", "اللواء", "الكتيبة",
    "نت", "اليوم", "أمس", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد", "الاثنين",
    "زيارة", "الزيارة", "إشارة", "الإشارة", "السجن", "كسب", "الدور", "حكما",  # "في زيارة", "في إشارة إلى"
    "بركة",  # a pool or a blessing
)
MIN_KEY_LETTERS = 3


def needs_cue(key, candidates):
    """A mention that is a common word (or very short) and has no curated candidate needs a cue before it."""
    if any(p.source == "curated" for p, _ in candidates):
        return False
    return key in COMMON_WORDS or len(key.replace(" ", "")) < MIN_KEY_LETTERS


# Names that are far more often an everyday word ("صور" pictures / Tyre, "وأن" and that / Van, "عنه" about
# him / Anah): taken as places only after a cue or a locative word, even when curated.
HOMOGRAPHS = keys("صور", "وأن", "وان", "عنه", "سأل", "سال", "بلد", "العلم", "عالية", "حديثة", "سيرت", "الباب",
                  "المملكة", "بنت", "قارة", "حلفا", "الحاضر", "المدينة", "الوعرة", "تيرة", "الحال", "حال", "الأمل",
                  "العمل", "القمة", "النهضة", "الحرية", "الشعب",
                  "حربية", "الحربية")  # "طائرات حربية": warplanes, not the village of Harbiyah
LOCATIVE_BEFORE = keys("في", "من", "إلى", "الى", "على", "داخل", "قرب", "بالقرب", "نحو", "باتجاه", "ريف", "شرق", "غرب",
                       "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "محيط", "أطراف", "مدينة", "بلدة",
                       "قرية", "منطقة", "مدينتي", "بلدتي", "حي", "وصل", "أهالي", "اهالي", "سكان")


def needs_locative(key, prefix, previous):
    """A homograph counts as a place only with a locative proclitic (ب) or a locative/cue word before it."""
    if key not in HOMOGRAPHS:
        return False
    if previous[:1] in ("و", "ف") and previous[1:] in LOCATIVE_BEFORE:  # وفي، ومن
        return False
    return "ب" not in prefix and previous not in LOCATIVE_BEFORE


# Names that are an everyday word after particular words: المغرب (Morocco) is the sunset prayer or its time
# in "صلاة المغرب"، "بعد المغرب"، "قبيل المغرب".
EVERYDAY_AFTER = {normalize_key("المغرب"): keys("صلاة", "صلاه", "وقت", "أذان", "اذان", "بعد", "قبل", "قبيل", "عند",
                                              "حتى", "موعد", "بين")}


def is_everyday_phrase(key, previous):
    """Whether `key` after the word `previous` (proclitics stripped) is an everyday phrase, not a place."""
    return previous in EVERYDAY_AFTER.get(key, ())
