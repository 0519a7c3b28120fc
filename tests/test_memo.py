"""GuardedMemo: values kept per key while their guard holds, recomputed when it changes, bounded."""
from gazetteer.core.memo import GuardedMemo


def test_value_is_kept_while_the_guard_holds_and_redone_when_it_changes():
    memo, calls = GuardedMemo(10), []
    geometry = {"type": "Point", "coordinates": [38.0, 35.0]}

    def make(value):
        return lambda: calls.append(value) or value

    assert memo.get("deir", (geometry, 1.0), make("a")) == "a"
    assert memo.get("deir", (geometry, 1.0), make("b")) == "a"  # same objects: kept
    assert memo.get("deir", ({"type": "Point", "coordinates": [38.0, 35.0]}, 1.0), make("c")) == "a"  # equal
    assert memo.get("deir", ({"type": "Point", "coordinates": [38.5, 35.0]}, 1.0), make("d")) == "d"  # changed
    assert memo.get("deir", ({"type": "Point", "coordinates": [38.5, 35.0]}, 2.0), make("e")) == "e"
    assert calls == ["a", "d", "e"]


def test_memo_is_emptied_at_its_limit():
    memo = GuardedMemo(3)
    for key in range(3):
        memo.get(key, (), lambda key=key: key)
    assert len(memo) == 3
    assert memo.get(3, (), lambda: 3) == 3 and len(memo) == 1
    assert memo.get(0, (), lambda: "again") == "again"
