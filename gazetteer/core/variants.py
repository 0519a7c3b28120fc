"""Alias variants: the keys under which one alias is indexed, each a small separately tested step."""
import re
import unicodedata
from itertools import product

from .lexicon import keys as normalized_words
from .normalize import NORMALIZER_VERSION, normalize_key
from .stopwords import COMMON_WORDS, HOMOGRAPHS

# Bump whenever a step, its order or its rules change; with the normaliser's version it names the index rules.
VARIANTS_VERSION = "3"
INDEX_RULES_VERSION = f"n{NORMALIZER_VERSION}.v{VARIANTS_VERSION}"

# Quality of a match through each kind of variant (1.0 = the alias as written).
EXACT, JOINED, ARTICLE_STRIPPED = 1.0, 0.95, 0.9
ARTICLE_TOGGLED, HAMZA_DROPPED, LATIN = 0.9, 0.9, 0.9
MAX_JOIN_GAPS = 3
ARTICLE = "ال"
# A one-word name takes or loses the article only when this many letters remain without it.
MIN_ARTICLE_STEM = 5
ARABIC_LETTER = re.compile("[\u0621-\u064a]")

# Closed-class Arabic words (prepositions, pronouns, particles, the bare article). GeoNames lists some
# as names of far-away towns (آن for Ans, هو for Howe); a text uses them as words, never as places.
FUNCTION_WORDS = normalized_words(
    "ال", "من", "في", "إلى", "على", "عن", "مع", "عند", "حتى", "منذ", "بين", "دون", "لدى", "نحو", "ضد", "خلال",
    "بعد", "قبل", "عبر", "أن", "إن", "آن", "أنه", "إنه", "أنها", "كان", "كانت", "يكون", "ليس", "هو", "هي", "هم",
    "هما", "هن", "أنا", "نحن", "أنت", "له", "لها", "لهم", "ها", "كل", "بعض", "غير", "إلا", "أو", "ثم", "إذا",
    "إذ", "لو", "قد", "لقد", "لا", "لم", "لن", "ما", "ماذا", "هذا", "هذه", "ذلك", "تلك", "الذي", "التي",
    "الذين", "كما", "لكن", "أي", "الآن", "كن", "يا", "أما",
)


def is_arabic(key):
    return ARABIC_LETTER.search(key) is not None


def is_indexable(key):
    """Filter: a key that can name a place (not empty, not a function word)."""
    return bool(key) and key not in FUNCTION_WORDS


def joined_variants(key):
    """Step: the key with each inner space kept or removed (ديرالزور for دير الزور)."""
    if " " not in key:
        return ()
    words = key.split(" ")
    gaps = len(words) - 1
    if gaps == 1:
        return (words[0] + words[1],)
    if gaps > MAX_JOIN_GAPS:
        return ()
    out = set()
    for choice in product(("", " "), repeat=gaps):
        text = words[0] + "".join(sep + w for sep, w in zip(choice, words[1:]))
        if text != key:
            out.add(text)
    return out


# Endings that make a bare stem an everyday word: nisba adjectives (شرقيه، سوريه), duals and plurals
# (قريتين "two villages" from القريتين, ميادين "squares" from الميادين, مزارعون, مخيمات).
EVERYDAY_ENDINGS = ("يه", "ين", "ون", "ات")


def _safe_stem(stem):
    """A one-word name stem that may appear with or without the article: long (five letters or more),
    no everyday word either way, and without an ending that makes it an adjective, dual or plural."""
    return (len(stem) >= MIN_ARTICLE_STEM and " " not in stem and not stem.endswith(EVERYDAY_ENDINGS)
            and is_arabic(stem) and stem not in COMMON_WORDS and ARTICLE + stem not in COMMON_WORDS)


def article_added(key):
    """Step: a one-word Arabic name without the article also under ال (بوكمال -> البوكمال)."""
    return (ARTICLE + key,) if not key.startswith(ARTICLE) and _safe_stem(key) else ()


def article_dropped(key):
    """Step: a one-word Arabic name with the article also without it (البوكمال -> بوكمال)."""
    return (key[len(ARTICLE):],) if key.startswith(ARTICLE) and _safe_stem(key[len(ARTICLE):]) else ()


def final_hamza_dropped(key):
    """Step: a word ending in اء also without the hamza, as often typed (السويداء -> السويدا)."""
    if "اء" not in key:
        return ()
    words = key.split(" ")
    changed = [w[:-1] if w.endswith("اء") and len(w) >= 4 else w for w in words]
    return (" ".join(changed),) if changed != words else ()


def article_stripped(key):
    """Step: the key without its leading ال, matched only after the preposition لل (للرقة)."""
    if key.startswith(ARTICLE) and len(key) > 4:
        return key[2:]
    return None


# --- Latin names (English names and transliterations): matched when a text carries them (#Beirut).

# Letters NFKD does not take apart, and the ayn/hamza signs of transliterations (dropped).
AYN_HAMZA_SIGNS = "ʿʾʻʼ`´"
LATIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae",
                               "œ": "oe", **{sign: None for sign in AYN_HAMZA_SIGNS}})
# An Arabic article in transliteration: al/el, or a/e doubled into the next word's sun letter (ad-Dana).
SUN_CONSONANTS = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n", "l")
ARTICLE_VOWELS = ("a", "e")
LATIN_ARTICLE = re.compile(r"(?:^| )[ae](?:l|sh|th|dh|[tdrzsn]) ")


def _is_latin_letter(ch):
    return not ch.isalpha() or ch in AYN_HAMZA_SIGNS or unicodedata.name(ch, "").startswith("LATIN")


def latin_plain(key):
    """Step: a Latin key without diacritics and ayn/hamza signs (ḩalab -> halab, raʾs -> ras)."""
    if key.isascii() or is_arabic(key) or not all(_is_latin_letter(ch) for ch in key):
        return ()
    plain = unicodedata.normalize("NFKD", key.translate(LATIN_LETTERS))
    plain = normalize_key("".join(ch for ch in plain if not unicodedata.combining(ch)))
    return (plain,) if plain and plain != key and plain.isascii() else ()


def _article_forms(word, following):
    """The spellings of `word` as the article before `following`, or () when it is no article."""
    sun = next((c for c in SUN_CONSONANTS if following.startswith(c)), None)
    if word not in ("al", "el") and not (sun and word in (v + sun for v in ARTICLE_VOWELS)):
        return ()
    return {"al", "el"} | ({v + sun for v in ARTICLE_VOWELS} if sun else set())


def latin_articles(key):
    """Step: a transliterated article in its usual spellings: deir ez zor ~ deir al zor ~ deir el zor."""
    if not key.isascii() or not LATIN_ARTICLE.search(key):
        return ()
    words = key.split(" ")
    choices = []
    for i, word in enumerate(words):
        forms = _article_forms(word, words[i + 1]) if i + 1 < len(words) else ()
        choices.append(sorted(forms) if forms else [word])
    return {" ".join(ws) for ws in product(*choices)} - {key}


# (step, quality, script): each step maps one key of its script to new keys and runs over the keys of
# all steps before it. The article steps run only for places of Arabic toponymy (ARABIC_TOPONYMY).
VARIANT_PIPELINE = [
    (latin_plain, LATIN, "latin"),
    (latin_articles, LATIN, "latin"),
    (final_hamza_dropped, HAMZA_DROPPED, "arabic"),
    (article_added, ARTICLE_TOGGLED, "arabic"),
    (article_dropped, ARTICLE_TOGGLED, "arabic"),
    (joined_variants, JOINED, "any"),
]
ARTICLE_STEPS = frozenset({article_added, article_dropped})
# Countries whose place names carry the Arabic article; elsewhere an Arabic exonym takes none (سيول is
# Seoul, while السيول is "the floods").
ARABIC_TOPONYMY = frozenset("AE BH DJ DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split())


# --- Foreign exonyms: GeoNames gives many far-away towns an Arabic name that is an everyday word (مرفا, حي,
# بلده; سيول "floods" for Seoul). Outside the region an Arabic key is indexed only when it is no everyday word
# and has MIN_EXONYM_LETTERS letters; a major city's main Arabic name may be shorter (روما, كابل), not its
# other short names (كيف "how" for Kyiv, وين for Vienna). Curated places keep every key.
NEAR_COUNTRIES = ARABIC_TOPONYMY | {"IL", "TR", "CY"}
MAJOR_CITY_POPULATION = 1_000_000
MIN_EXONYM_LETTERS = 5
MIN_MAJOR_EXONYM_LETTERS = 3
# Everyday words (not in COMMON_WORDS) that GeoNames gives as the Arabic names of foreign places: a major
# city's own name (سيول Seoul, غازي Ghaziabad) or longer names, as found spotted in news text.
EVERYDAY_EXONYMS = normalized_words("سيول", "غازي", "بنين", "مدان", "خفي", "أبا", "كورونا", "الدين", "تسوية",
                                    "يوميا", "مدرسة", "مبارك", "البري", "ألوان", "مرجان")
MAJOR, MINOR = "major", "minor"


def exonym_scope(place, text):
    """How the keys of the name `text` of `place` are filtered: None (all indexed) for a place in the region,
    curated or without a country; else MAJOR for the main Arabic name of a major city, MINOR otherwise."""
    if not place.country or place.country in NEAR_COUNTRIES or place.source == "curated":
        return None
    major = text == place.name_ar and (place.population or 0) >= MAJOR_CITY_POPULATION
    return MAJOR if major else MINOR


def is_everyday_word(key):
    return (key in COMMON_WORDS or key in HOMOGRAPHS or key in EVERYDAY_EXONYMS
            or ARTICLE + key in COMMON_WORDS or ARTICLE + key in HOMOGRAPHS)


def is_exonym_key(key, scope):
    """Filter: a key of a foreign place's name (scope MAJOR or MINOR) that a text would use for it: any Latin
    key; an Arabic one that is no everyday word and has MIN_EXONYM_LETTERS letters (MIN_MAJOR_EXONYM_LETTERS
    for scope MAJOR)."""
    if not is_arabic(key):
        return True
    if is_everyday_word(key):
        return False
    letters = len(key.replace(" ", ""))
    return letters >= MIN_EXONYM_LETTERS or (scope == MAJOR and letters >= MIN_MAJOR_EXONYM_LETTERS)


def steps_for(script, articles, pipeline=VARIANT_PIPELINE):
    """The (step, quality) pairs of the pipeline that apply to a key of `script`."""
    return tuple((step, quality) for step, quality, step_script in pipeline
                 if step_script in (script, "any") and (articles or step not in ARTICLE_STEPS))


_STEPS = {(script, articles): steps_for(script, articles)
          for script in ("arabic", "latin") for articles in (True, False)}


def run_pipeline(key, articles=True, pipeline=None):
    """{key: quality} of a normalised key and every indexable variant the pipeline derives (best kept)."""
    script = "arabic" if is_arabic(key) else "latin"
    steps = _STEPS[(script, articles)] if pipeline is None else steps_for(script, articles, pipeline)
    keys = {key: EXACT}
    for step, quality in steps:
        for source, source_quality in (((key, EXACT),) if len(keys) == 1 else list(keys.items())):
            q = quality if quality < source_quality else source_quality
            for variant in step(source):
                if keys.get(variant, 0.0) < q:
                    keys[variant] = q
    if not FUNCTION_WORDS.isdisjoint(keys):
        keys = {k: q for k, q in keys.items() if is_indexable(k)}
    return keys


def index_keys(alias_text, articles=True, exonym=None):
    """({key: quality}, {article-stripped key: quality}) to index an alias under; the stripped keys are
    matched only after لل. `articles` allows the article steps (for places of Arabic toponymy); `exonym`, the
    exonym_scope() of a foreign place, keeps only the keys is_exonym_key() allows."""
    key = normalize_key(alias_text)
    if not key:
        return {}, {}
    keys = run_pipeline(key, articles)
    if exonym is not None:
        keys = {k: q for k, q in keys.items() if is_exonym_key(k, exonym)}
    stripped = {}
    for k, q in keys.items():
        s = article_stripped(k)
        if s and is_indexable(s):
            q = q if q < ARTICLE_STRIPPED else ARTICLE_STRIPPED
            if stripped.get(s, 0.0) < q:
                stripped[s] = q
    return keys, stripped
