"""Read article files: optional `key: value` front matter ended by `---`, then the text."""
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

FRONT_KEY = re.compile(r"^([a-z_]+):\s*(.*)$")
MAX_FILE_BYTES = 2 * 1024 * 1024


class ArticleFileError(ValueError):
    """An article file that cannot be read as text."""


@dataclass
class ArticleSource:
    """An article's text and its metadata (published, source, url, title)."""

    text: str
    meta: dict = field(default_factory=dict)
    name: str = ""

    @property
    def published(self):
        value = self.meta.get("published")
        return dt.date.fromisoformat(value) if value else None


def split_front_matter(raw):
    """(meta, text): front matter is used only when every line before `---` is `key: value`."""
    lines = raw.split("\n")
    for i, line in enumerate(lines[:20]):
        if line.strip() == "---":
            head = lines[:i]
            matches = [FRONT_KEY.match(h.strip()) for h in head if h.strip()]
            if head and all(matches):
                return {m.group(1): m.group(2).strip() for m in matches}, "\n".join(lines[i + 1:])
            break
    return {}, raw


def decode(data, name="input"):
    """Bytes to text, with clear errors for binary or non-UTF-8 input."""
    if len(data) > MAX_FILE_BYTES:
        raise ArticleFileError(f"{name}: {len(data):,} bytes is over the {MAX_FILE_BYTES:,}-byte limit")
    if b"\x00" in data:
        raise ArticleFileError(f"{name}: looks binary (NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def read_article(data, name="input"):
    """An ArticleSource from raw bytes."""
    meta, text = split_front_matter(decode(data, name).replace("\r\n", "\n"))
    if "published" in meta:
        try:
            dt.date.fromisoformat(meta["published"])
        except ValueError as exc:
            raise ArticleFileError(f"{name}: published must be YYYY-MM-DD, got {meta['published']!r}") from exc
    return ArticleSource(text=text, meta=meta, name=name)


def read_article_file(path):
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(f"{path}: {exc.strerror}") from exc
    return read_article(data, str(path))


def article_paths(paths):
    """Expand directories into their .txt files, sorted; keep files as given."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.txt")))
        else:
            out.append(p)
    return out
