"""Memoise a pure function of (text, *args) for the last text object: one article's sentences ask again."""
from functools import wraps

MAX_ENTRIES = 4096  # per text; a bound for very long texts
MISSING = object()


def per_text(func):
    """Wrap func(text, *args) so repeated calls about the same text object (identity, not equality) with
    the same args return the first result; the memo is dropped when another text comes. Results must not
    be mutated by callers."""
    state = [("", {})]  # one (text, table) pair, replaced whole so concurrent callers see a consistent one

    @wraps(func)
    def wrapper(text, *args):
        current_text, table = state[0]
        if current_text is not text:
            table = {}
            state[0] = (text, table)
        value = table.get(args, MISSING)  # most questions are new: a miss must be cheap (no KeyError)
        if value is not MISSING:
            return value
        value = func(text, *args)
        if len(table) < MAX_ENTRIES:
            table[args] = value
        return value

    return wrapper
