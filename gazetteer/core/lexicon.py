"""Word lists written in plain Arabic and normalised once, so rules and text always agree."""
from .normalize import normalize_key


def keys(*words):
    """A frozenset of the normalised forms of `words`."""
    return frozenset(normalize_key(w) for w in words)


def strip_proclitics(token, allowed=("و", "ف", "ب", "ل", "ك")):
    """Remove up to two leading one-letter proclitics when at least three letters remain."""
    for _ in range(2):
        if len(token) > 3 and token[0] in allowed:
            token = token[1:]
        else:
            break
    return token
