"""The in-memory gazetteer service: places by id and an Aho-Corasick automaton over alias keys."""
import gc
import re
from contextlib import contextmanager
from typing import NamedTuple

import ahocorasick

from .geometry import parse_geojson, to_metric
from .variants import ARABIC_TOPONYMY, INDEX_RULES_VERSION, index_keys


# Characters that end a word in normalised text: anything but a letter, a digit or a space.
WORD_END = re.compile(r"[^\w ]")


def boundary_view(text):
    """`text` with every word-ending character as a space, plus a final space (same offsets)."""
    return WORD_END.sub(" ", text) + " "


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


class GazetteerIndex:
    """Places plus alias keys; injected into the geoparser (built in memory or from the database)."""

    def __init__(self, places, version=INDEX_RULES_VERSION):
        self.version = version
        self.places = {}
        # key -> [(place_id, alias, quality)], one per place (its best route); Entry objects on lookup.
        self.entries = {}
        self.stripped_entries = {}  # article-stripped key (matched after لل) -> [(place_id, alias, quality)]
        self.alias_count = 0
        self._keys_of = {}  # articles -> alias text -> index_keys(); names repeat across places and sources
        with gc_paused():
            for place in places:
                self.add(place)
        self._keys_of = {}
        self._reset_caches()

    def _reset_caches(self):
        self._automaton = None
        self._candidates = {}
        self._lines = None
        self._roads = None

    def add(self, place):
        """Add one place (replacing one with the same id) and all of its alias variants."""
        place_id = place.id
        if place_id in self.places:
            self._remove(place_id)
        self.places[place_id] = place
        articles = not place.country or place.country in ARABIC_TOPONYMY
        cache = self._keys_of.setdefault(articles, {})
        best, best_stripped = {}, {}
        for text in dict.fromkeys([place.name_ar, place.name_en, *[a.text for a in place.aliases]]):
            found = cache.get(text)
            if found is None:
                found = cache[text] = index_keys(text, articles) if text else ({}, {})
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
                else:
                    bucket.append(route)
        self._reset_caches()

    def _remove(self, place_id):
        """Drop a place and its entries (a slow path: only when a place is added twice)."""
        del self.places[place_id]
        for table in (self.entries, self.stripped_entries):
            for key in list(table):
                bucket = [route for route in table[key] if route[0] != place_id]
                if bucket:
                    table[key] = bucket
                else:
                    del table[key]

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

    def candidates(self, key, stripped=False):
        """(PlaceRecord, quality) of every entry of a key, as a new list (cached per key)."""
        cached = self._candidates.get((key, stripped))
        if cached is None:
            places = self.places
            routes = (self.stripped_entries if stripped else self.entries).get(key, ())
            cached = self._candidates[(key, stripped)] = tuple((places[r[0]], r[2]) for r in routes)
        return list(cached)

    def keys(self):
        """Every key, plain and article-stripped."""
        return self.entries.keys() | self.stripped_entries.keys()

    @property
    def automaton(self):
        """Aho-Corasick over every key's boundary view (so a key ends at a word end), built on first use;
        run it over boundary_view(text). A key's value is its length."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            add_word = automaton.add_word
            search = WORD_END.search
            for key in sorted(self.keys()):  # sorted insertion builds the trie about twice as fast
                add_word((boundary_view(key) if search(key) else key + " "), len(key))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton
