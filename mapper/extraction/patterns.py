"""Compile Arabic trigger phrases into regexes over normalised text, allowing proclitics and suffixes."""
import re

from gazetteer.core.normalize import normalize_key

PROCLITIC = r"(?:[وف]?[بلك]?)"


def phrase_regex(phrase):
    """A regex for a phrase; a word ending in ~ takes any suffix, a leading word may carry ال."""
    parts = []
    for i, word in enumerate(phrase.split()):
        open_end = word.endswith("~")
        key = re.escape(normalize_key(word.rstrip("~")))
        article = "" if key.startswith("ال") or not key[:1].isalpha() else "(?:ال)?"
        parts.append(article + key + (r"\S*" if open_end else ""))
    return re.compile(r"(?<!\S)" + PROCLITIC + r"\s+".join(parts) + r"(?!\S)")


def compile_phrases(phrases):
    """Regexes for many phrases."""
    return [phrase_regex(p) for p in phrases]
