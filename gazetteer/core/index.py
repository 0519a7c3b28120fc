"""The in-memory gazetteer service: places by id and an Aho-Corasick automaton over alias keys."""
from dataclasses import dataclass

import ahocorasick

from .geometry import parse_geojson, to_metric
from .normalize import NORMALIZER_VERSION
from .variants import ARTICLE_STRIPPED, index_keys


@dataclass(frozen=True)
class Entry:
    """One place reachable through a key, with the quality of that route."""

    place_id: object
    alias: str
    quality: float


class GazetteerIndex:
    """Places plus alias keys; injected into the geoparser (built in memory or from the database)."""

    def __init__(self, places, version=NORMALIZER_VERSION):
        self.version = version
        self.places = {}
        self._entries = {}
        self._stripped = {}
        for place in places:
            self.add(place)
        self._automaton = None
        self._lines = None
        self._roads = None

    def add(self, place):
        """Add one place and all of its alias variants."""
        self.places[place.id] = place
        names = {a.text for a in place.aliases} | {place.name_ar}
        if place.name_en:
            names.add(place.name_en)
        for text in names:
            keys, stripped = index_keys(text)
            for key, quality in keys:
                self._add_entry(self._entries, key, Entry(place.id, text, quality))
            if stripped:
                self._add_entry(self._stripped, stripped, Entry(place.id, text, ARTICLE_STRIPPED))
        self._automaton = None
        self._lines = None
        self._roads = None

    @staticmethod
    def _add_entry(table, key, entry):
        bucket = table.setdefault(key, [])
        for i, old in enumerate(bucket):
            if old.place_id == entry.place_id:
                if entry.quality > old.quality:
                    bucket[i] = entry
                return
        bucket.append(entry)

    def __len__(self):
        return len(self.places)

    @property
    def alias_key_count(self):
        return len(self._entries) + len(self._stripped)

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
        return (self._stripped if stripped else self._entries).get(key, [])

    @property
    def automaton(self):
        """The Aho-Corasick automaton over every key, built on first use; values are the keys."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for key in self._entries.keys() | self._stripped.keys():
                automaton.add_word(key, key)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton
