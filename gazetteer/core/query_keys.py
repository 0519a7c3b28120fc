"""The space-free alias keys a typed search query may stand for: any spelling, proclitic or article."""
from .normalize import normalize_key
from .spotter import LAM_LAM, PROCLITICS

ARTICLE = "ال"
MIN_STEM = 3  # a proclitic or article is only peeled off when at least this much name remains


def compact(key):
    """A normalised key without its spaces: دير الزور, ديرالزور and دير-الزور all become ديرالزور."""
    return key.replace(" ", "")


def _without_proclitic(key):
    """The key itself plus the key with each possible leading proclitic removed (بدير الزور -> دير الزور)."""
    out = {key}
    for prefix in PROCLITICS | LAM_LAM:
        if prefix and key.startswith(prefix) and len(key) - len(prefix) >= MIN_STEM:
            rest = key[len(prefix):]
            out.add(ARTICLE + rest if prefix in LAM_LAM else rest)  # للرقة is ل + الرقة
    return out


def query_keys(query):
    """Every compact key an alias key (compacted the same way) may equal for the typed `query`."""
    key = normalize_key(query or "")
    if not key:
        return set()
    out = set()
    for stem in _without_proclitic(key):
        out.add(compact(stem))
        if stem.startswith(ARTICLE) and len(stem) - len(ARTICLE) >= MIN_STEM:
            out.add(compact(stem[len(ARTICLE):]))
        else:
            out.add(compact(ARTICLE + stem))
    return out
