"""Alias variants: the keys under which one alias is indexed, each a small separately tested step."""
from itertools import product

from .normalize import normalize_key

# Quality of a match through each kind of variant (1.0 = the alias as written).
EXACT, JOINED, ARTICLE_STRIPPED = 1.0, 0.95, 0.9
MAX_JOIN_GAPS = 3


def joined_variants(key):
    """Step: the key with each inner space kept or removed (ديرالزور for دير الزور)."""
    words = key.split(" ")
    gaps = len(words) - 1
    if gaps == 0 or gaps > MAX_JOIN_GAPS:
        return set()
    out = set()
    for choice in product(("", " "), repeat=gaps):
        text = words[0] + "".join(sep + w for sep, w in zip(choice, words[1:]))
        if text != key:
            out.add(text)
    return out


def article_stripped(key):
    """Step: the key without its leading ال, matched only after the preposition لل (للرقة)."""
    if key.startswith("ال") and len(key) > 4:
        return key[2:]
    return None


def index_keys(alias_text):
    """All (key, quality) pairs to index an alias under, plus its article-stripped key or None."""
    key = normalize_key(alias_text)
    if not key:
        return [], None
    keys = [(key, EXACT)] + [(k, JOINED) for k in sorted(joined_variants(key))]
    return keys, article_stripped(key)
