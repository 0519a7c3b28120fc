"""Hashtags: a tag that is a place name (#بيروت، #سد_الوالة) is a mention; a topic tag (#انفجار_بيروت) is not."""
import re

from .cues import CUES
from .lexicon import strip_proclitics
from .normalize import normalize_key

HASHTAG = re.compile(r"#+([^\s#]+)")
TRAILING = ".,،:;؛!?؟…)]}\"'«»"


def hashtag_bodies(original):
    """(start, end) of each hashtag's body in the original text, '#' and trailing punctuation excluded."""
    out = []
    if "#" not in original:  # most articles carry no hashtag at all
        return out
    for m in HASHTAG.finditer(original):
        start, end = m.start(1), m.end(1)
        while end > start and original[end - 1] in TRAILING:
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def _is_cue(word):
    """A place cue word inside a tag (#منطقة_ضبعة) belongs to the place name."""
    key = normalize_key(word)
    return key in CUES or strip_proclitics(key) in CUES


def drop_topic_tags(mentions, original):
    """Mentions minus those inside compound hashtags whose words are not all place names (or place cues)."""
    dropped = set()
    for start, end in hashtag_bodies(original):
        if "_" not in original[start:end]:
            continue
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        if not inside:
            continue
        words = [(start + w.start(), start + w.end()) for w in re.finditer(r"[^_]+", original[start:end])]
        covered = all(any(m.start < we and ws < m.end for m in inside) or _is_cue(original[ws:we])
                      for ws, we in words)
        if not covered:
            dropped.update(id(m) for m in inside)
    return [m for m in mentions if id(m) not in dropped]


def _is_latin(text):
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isascii() for ch in letters)


def drop_latin_tags(mentions, original):
    """In Arabic text, a Latin-script hashtag (#Beirut, #PrayForLebanon) is a label for search, not a mention."""
    if not any("\u0600" <= ch <= "\u06ff" for ch in original):
        return mentions
    tags = [(s, e) for s, e in hashtag_bodies(original) if _is_latin(original[s:e])]
    return [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in tags)]


def drop_echo_tags(mentions, original):
    """A hashtag repeating a place the text already named ("… في بيروت … #بيروت") is a label, not a new mention."""
    tags = hashtag_bodies(original)
    seen, kept = set(), []
    for m in sorted(mentions, key=lambda m: m.start):
        ident = m.place.id if m.place is not None else m.key
        in_tag = any(s <= m.start and m.end <= e for s, e in tags)
        if in_tag and ident in seen:
            continue
        seen.add(ident)
        kept.append(m)
    return kept
