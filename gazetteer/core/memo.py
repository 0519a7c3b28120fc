"""A bounded memo of values derived from places: kept while the objects they were computed from stay the same."""


class GuardedMemo:
    """Values computed once per key and kept while their *guard* holds: the tuple of the objects the value was
    computed from (a place, its geometry, its point …), compared with the guard given now (identical items are
    equal at once; a replaced object or attribute makes it compute again). Emptied when it reaches `limit`
    entries, a bound for long-running servers. Articles name the same places again and again, and what is
    derived from a place (a buffer, a projected line, score features) costs more than looking it up."""

    def __init__(self, limit):
        self.limit = limit
        self._entries = {}

    def get(self, key, guard, compute):
        """The value of `key` computed under `guard` (a tuple), computing `compute()` when there is none."""
        hit = self._entries.get(key)
        if hit is not None and hit[0] == guard:
            return hit[1]
        value = compute()
        if len(self._entries) >= self.limit:
            self._entries.clear()
        self._entries[key] = (guard, value)
        return value

    def clear(self):
        self._entries.clear()

    def __len__(self):
        return len(self._entries)
