"""The in-memory gazetteer service: places by id and an Aho-Corasick automaton over alias keys."""
import gc
import re
from contextlib import contextmanager
from typing import NamedTuple

import ahocorasick

from .geometry import parse_geojson, to_metric
from .variants import ARABIC_TOPONYMY, INDEX_RULES_VERSION, exonym_scope, index_keys


# Characters that end a word in normalised text: anything but a letter, a digit or a space.
WORD_END = re.compile(r"[^\w ]")
# Proclitic sequences allowed before a name: conjunction و/ف, then preposition ب/ل/ك.
PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك"})
# Before an article-stripped key the text must carry لل (ل + ال with its alef dropped).
LAM_LAM = frozenset({"لل", "ولل", "فلل"})

# An automaton value (a C int) is key id << ANCHOR_BITS | anchor. Anchor 0: the string is the key; anchor
# i > 0: it is a space, the proclitic ANCHORS[i], then the key (short keys only).
ANCHORS = (None, *sorted(PROCLITICS | LAM_LAM))
ANCHOR_BITS = 4
ANCHOR_MASK = (1 << ANCHOR_BITS) - 1
MAX_KEY_LENGTH = 255  # key_table lengths are bytes; no name is longer
PLAIN, STRIPPED, SYMBOLIC = 1, 2, 4  # SYMBOLIC: the key holds a word-ending character (check the text)


# pyahocorasick finds a node's child by a linear scan of its children in insertion order. Inserting the
# strings ordered by this letter ranking (space, then Arabic letters by their frequency in news text, then
# every other character by code point) puts frequent letters first at every node: scans of Arabic text get
# about a tenth faster than with plain sorted insertion.
LETTER_RANKING = " الينمروهتبدعفسقحجكطشصخزضذثئغءظؤ"
INSERTION_ORDER = str.maketrans({letter: chr(rank + 1) for rank, letter in enumerate(LETTER_RANKING)})

# Short keys are stored once for each proclitic that may precede them, after a space: inside a word,
# where most of them would match, they are not reported at all.
SHORT_KEY = 4


def boundary_view(text):
    """`text` with every word-ending character as a space, between a leading and a final space: position
    i of the text is position i + 1 of its view."""
    if text.replace(" ", "").isalnum():  # the usual case, and much faster to check than to substitute
        return " " + text + " "
    return " " + WORD_END.sub(" ", text) + " "


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many long-lived objects (none form cycles):
    otherwise its repeated passes over the growing index take about half of the build time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Entry(NamedTuple):
    """One place reachable through a key, with the alias it came from and the quality of that route."""

    place_id: object
    alias: str
    quality: float


def _merge_route(bucket, route):
    """Put `route` in a key's bucket, keeping one route per place: the better one."""
    for i, old in enumerate(bucket):
        if old[0] == route[0]:
            if route[2] > old[2]:
                bucket[i] = route
            return
    bucket.append(route)


class GazetteerIndex:
    """Places plus alias keys; injected into the geoparser (built in memory or from the database)."""

    def __init__(self, places, version=INDEX_RULES_VERSION):
        self.version = version
        self.places = {}
        # key -> [(place_id, alias, quality)], one per place (its best route); Entry objects on lookup.
        self.entries = {}
        self.stripped_entries = {}  # article-stripped key (matched after لل) -> [(place_id, alias, quality)]
        self.alias_count = 0
        self._keys_of = {}  # (articles, exonym scope) -> alias text -> index_keys(); names repeat across places and sources
        with gc_paused():
            for place in places:
                self.add(place)
        self._keys_of = {}
        self._reset_caches()

    def _reset_caches(self):
        self._automaton = None
        self._key_table = None
        self._spot_tables = None
        self._candidates = {False: {}, True: {}}
        self._lines = None
        self._roads = None

    def add(self, place):
        """Add one place and all of its alias variants. A place added again under the same id (one town from
        two sources) keeps its names and gains the new ones; the later record describes it."""
        place_id = place.id
        again = place_id in self.places
        self.places[place_id] = place
        articles = not place.country or place.country in ARABIC_TOPONYMY
        caches = self._keys_of
        best, best_stripped = {}, {}
        for text in dict.fromkeys([place.name_ar, place.name_en, *[a.text for a in place.aliases]]):
            exonym = exonym_scope(place, text)
            cache = caches.get((articles, exonym))
            if cache is None:
                cache = caches[(articles, exonym)] = {}
            found = cache.get(text)
            if found is None:
                found = cache[text] = index_keys(text, articles, exonym) if text else ({}, {})
            keys, stripped = found
            if not keys:
                continue
            self.alias_count += 1
            for key, quality in keys.items():
                old = best.get(key)
                if old is None or quality > old[2]:
                    best[key] = (place_id, text, quality)
            for key, quality in stripped.items():
                old = best_stripped.get(key)
                if old is None or quality > old[2]:
                    best_stripped[key] = (place_id, text, quality)
        for table, found in ((self.entries, best), (self.stripped_entries, best_stripped)):
            get = table.get
            for key, route in found.items():
                bucket = get(key)
                if bucket is None:
                    table[key] = [route]
                elif again:
                    _merge_route(bucket, route)
                else:
                    bucket.append(route)
        self._reset_caches()

    def __len__(self):
        return len(self.places)

    @property
    def key_count(self):
        """Distinct keys in the automaton (plain and article-stripped)."""
        return len(self.keys())

    def lines(self):
        """Places whose geometry is a line (roads, borders), cached."""
        if self._lines is None:
            self._lines = [p for p in self.places.values() if p.is_line]
        return self._lines

    def metric_roads(self):
        """(lon/lat line, UTM line) for every road, projected once and cached."""
        if self._roads is None:
            lines = [parse_geojson(p.geometry) for p in self.lines() if p.feature_type == "road"]
            self._roads = [(line, to_metric(line)) for line in lines]
        return self._roads

    def get(self, place_id):
        return self.places.get(place_id)

    def lookup(self, key, stripped=False):
        """Entries for a normalised key; `stripped` asks for the article-stripped table."""
        routes = (self.stripped_entries if stripped else self.entries).get(key, ())
        return [Entry(*route) for route in routes]

    @property
    def candidate_cache(self):
        """{False: plain key -> candidates tuple, True: stripped key -> ...}: what candidates() has built."""
        return self._candidates

    def candidates(self, key, stripped=False):
        """(PlaceRecord, quality) of every entry of a key, as a new list (cached per key)."""
        cache = self._candidates[stripped]
        cached = cache.get(key)
        if cached is None:
            places = self.places
            routes = (self.stripped_entries if stripped else self.entries).get(key, ())
            cached = cache[key] = tuple((places[r[0]], r[2]) for r in routes)
        return list(cached)

    def keys(self):
        """Every key, plain and article-stripped."""
        return self.entries.keys() | self.stripped_entries.keys()

    @property
    def automaton(self):
        """Aho-Corasick over the keys' boundary views: every key followed by a space, a short key also led
        by a space and a proclitic (see ANCHORS); run it over boundary_view(text). Built on first use. A value is
        described at ANCHORS, or is -(i + 1) when several keys share one string (see key_table)."""
        if self._automaton is None:
            with gc_paused():
                self._automaton = self._build_automaton()
        return self._automaton

    def _build_automaton(self):
        entries, stripped = self.entries, self.stripped_entries
        search = WORD_END.search
        keys = sorted(self.keys())
        flags, lengths = bytearray(len(keys)), bytearray(len(keys))
        strings, shared = {}, {}  # automaton string -> value; -> every value when several keys share it
        for kid, key in enumerate(keys):
            length = len(key)
            if length > MAX_KEY_LENGTH:
                continue  # never matched
            flag = (PLAIN if key in entries else 0) | (STRIPPED if key in stripped else 0)
            if search(key):
                flag |= SYMBOLIC  # views may coincide ("a+", "a%"): the spotter checks the text itself
                word = WORD_END.sub(" ", key) + " "
            else:
                word = key + " "
            flags[kid], lengths[kid] = flag, length
            anchored = ((" " + ANCHORS[a] + word, kid << ANCHOR_BITS | a) for a in range(1, len(ANCHORS))
                        ) if length <= SHORT_KEY else ((word, kid << ANCHOR_BITS),)
            for string, value in anchored:
                if string in strings:  # بيروت is a key and ب + يروت another
                    shared.setdefault(string, [strings[string]]).append(value)
                strings[string] = value
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        add_word = automaton.add_word
        values = []
        # Sorted insertion builds the trie about twice as fast; the ranking orders each node's children.
        for string in sorted(strings, key=lambda string: string.translate(INSERTION_ORDER)):
            if string in shared:
                values.append(tuple(shared[string]))
                add_word(string, -len(values))
            else:
                add_word(string, strings[string])
        automaton.make_automaton()
        self._key_table = (keys, flags, bytes(lengths), values)
        return automaton

    @property
    def spot_tables(self):
        """(automaton, keys, flags, lengths, shared, entries, stripped_entries) for the spotter in one fetch, or
        None when the index has no keys (an empty automaton cannot be searched)."""
        if self._spot_tables is None:
            automaton = self.automaton
            if automaton.kind != ahocorasick.AHOCORASICK:
                return None
            self._spot_tables = (automaton, *self._key_table, self.entries, self.stripped_entries)
        return self._spot_tables

    @property
    def key_table(self):
        """(keys, flags, lengths, shared): the key, its PLAIN|STRIPPED|SYMBOLIC flags and its length by the
        key id of an automaton value, and the values behind a negative value -(i + 1) at shared[i]."""
        if self._key_table is None:
            self.automaton  # noqa: B018 - builds both
        return self._key_table
