#!/usr/bin/env python3
"""Fill empty msgstr of the Arabic .po files from {English msgid: Arabic} JSON files and report the rest."""
#
# Usage (from the project root):
#     .venv/bin/python scripts/i18n_merge.py [--update] [--strict] [--json-dir /tmp/i18n] [--language ar]
#
# Each JSON file maps an English msgid to its translation: a string, or for a plural msgid a list with one
# string per plural form of the language (Arabic has six). A msgid with a context is written as
# "context\u0004msgid", as gettext stores it. Entries already translated are never overwritten; a fuzzy
# entry counts as untranslated and loses its fuzzy flag when filled. The .po header gets its Language set
# and its fuzzy flag removed (msgfmt skips a fuzzy header, which would lose the Arabic Plural-Forms).
#
# A file named *.fallback.json gives low-priority translations: they fill only entries that no regular file
# translates, are marked in the .po with a comment, and a regular file's entry replaces them on a later run.
#
# --update first runs makemessages for both domains (django, djangojs) and afterwards compilemessages, so one
# command refreshes, fills and compiles everything. The report lists msgids still untranslated; msgids that
# Django's own catalogs translate (e.g. admin breadcrumbs) are listed apart, since they need no entry here.
import argparse
import gettext
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ("django", "djangojs")
IGNORED = (".venv", "staticfiles", "tests", "bench")
CONTEXT_SEPARATOR = "\x04"
FALLBACK_SUFFIX = ".fallback.json"
FALLBACK_MARK = "# i18n_merge: fallback translation (a regular JSON entry replaces it)"
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def unquote(literal):
    """The text of one PO string literal such as "a\\nb"."""
    body = literal.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def quote(text):
    """One PO string literal for `text`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return '"' + escaped.replace("\n", "\\n") + '"'


@dataclass
class Entry:
    """One PO entry: its original lines and the fields parsed from them."""

    lines: list
    msgctxt: str = None
    msgid: str = None
    msgid_plural: str = None
    msgstr: dict = field(default_factory=dict)
    flags: set = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self):
        """The gettext catalog key: the msgid, prefixed by its context when it has one."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}{CONTEXT_SEPARATOR}{self.msgid}"

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags


def parse_entry(lines):
    """An Entry from the lines of one blank-line-separated block."""
    entry = Entry(lines=lines)
    current = None
    for line in lines:
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            current = (keyword.split("[")[0], int(index) if index else 0)
            set_field(entry, current, unquote(literal), append=False)
        elif line.strip().startswith('"') and current:
            set_field(entry, current, unquote(line), append=True)
    return entry


def set_field(entry, current, text, append):
    keyword, index = current
    if keyword == "msgstr":
        entry.msgstr[index] = (entry.msgstr.get(index, "") if append else "") + text
    else:
        setattr(entry, keyword, ((getattr(entry, keyword) or "") if append else "") + text)


def read_po(path):
    """The entries of a .po file, in order."""
    blocks, block = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return [parse_entry(lines) for lines in blocks]


def write_po(path, entries):
    Path(path).write_text("\n\n".join("\n".join(e.lines) for e in entries) + "\n", encoding="utf-8")


def msgstr_lines(keyword, text):
    """A msgstr line, or a multi-line one split after each newline like makemessages writes it."""
    if "\n" not in text.rstrip("\n"):
        return [f"{keyword} {quote(text)}"]
    pieces = [piece for piece in re.split(r"(?<=\n)", text) if piece]
    return [f'{keyword} ""'] + [quote(piece) for piece in pieces]


def fill(entry, value, nplurals):
    """Give an entry its translation; returns a warning or None, raises ValueError for an unusable one."""
    warning = None
    if entry.msgid_plural is None:
        if not isinstance(value, str):
            raise ValueError(f"{entry.msgid!r}: expected one string, got {type(value).__name__}")
        forms = {0: value}
    else:
        if isinstance(value, str):
            value = [value] * nplurals
            warning = f"{entry.msgid!r}: one string used for all {nplurals} plural forms"
        complete = isinstance(value, list) and len(value) == nplurals
        if not (complete and all(isinstance(v, str) and v for v in value)):
            raise ValueError(f"{entry.msgid!r}: expected {nplurals} non-empty plural forms")
        forms = dict(enumerate(value))
    first_msgstr = next(i for i, line in enumerate(entry.lines) if line.startswith("msgstr"))
    kept = []
    for line in entry.lines[:first_msgstr]:  # msgstr lines always close an entry
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        elif line.startswith("#|"):
            continue  # the previous msgid of a fuzzy match is meaningless once translated
        kept.append(line)
    for index, text in forms.items():
        kept += msgstr_lines("msgstr" if entry.msgid_plural is None else f"msgstr[{index}]", text)
    entry.lines = kept
    entry.msgstr = forms
    entry.flags.discard("fuzzy")
    return warning


HEADER_DEFAULTS = {  # makemessages' placeholders and what Kharita puts instead
    "Project-Id-Version": "Kharita",
    "Last-Translator": "Kharita contributors",
    "Language-Team": "Arabic",
}
TOP_COMMENT = "# Kharita: {language} translations of the interface (English source strings)."


def fix_header(entry, language):
    """Language set and no fuzzy flag, so msgfmt keeps the header and its Plural-Forms; the placeholders
    makemessages leaves in a new file replaced."""
    header = entry.msgstr.get(0, "")
    header = re.sub(r"^Language: .*$", f"Language: {language}", header, flags=re.M)
    for name, value in HEADER_DEFAULTS.items():
        header = re.sub(rf"^{name}: .*(PACKAGE|FULL NAME|LANGUAGE <).*$", f"{name}: {value}", header,
                        flags=re.M)
    now = time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime())
    header = re.sub(r"^PO-Revision-Date: YEAR.*$", f"PO-Revision-Date: {now}", header, flags=re.M)
    if any(line.startswith("# SOME DESCRIPTIVE TITLE") for line in entry.lines):
        entry.lines = [TOP_COMMENT.format(language=language)] + [
            line for line in entry.lines if not line.startswith("#") or line.startswith("#,")]
    entry.lines = [line for line in entry.lines if not line.startswith("#, fuzzy")]
    entry.flags.discard("fuzzy")
    index = next(i for i, line in enumerate(entry.lines) if line.startswith("msgstr"))
    entry.lines = entry.lines[:index] + msgstr_lines("msgstr", header)
    entry.msgstr = {0: header}


def plural_count(header):
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return int(match.group(1)) if match else 2


def load_translations(json_dir):
    """({msgid: translation}, {msgid: fallback translation}, problems) from the *.json files of json_dir;
    later files win, and *.fallback.json files only give the fallbacks."""
    merged, fallbacks, problems = {}, {}, []
    for path in sorted(Path(json_dir).glob("*.json")) if Path(json_dir).is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: unreadable ({exc})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path}: not a JSON object")
            continue
        target = fallbacks if path.name.endswith(FALLBACK_SUFFIX) else merged
        target.update({k: v for k, v in data.items() if isinstance(k, str) and k and v})
    return merged, fallbacks, problems


def django_catalogs(language, domain):
    """Django's own translations (core and contrib apps) for a domain, to tell what needs no entry here."""
    import django

    base = Path(django.__file__).resolve().parent
    dirs = [base / "conf" / "locale"] + sorted(p for p in (base / "contrib").glob("*/locale"))
    return [gettext.translation(domain, str(d), [language], fallback=True) for d in dirs]


def provided_by_django(entry, catalogs):
    for catalog in catalogs:
        if entry.msgctxt is not None:
            text = catalog.pgettext(entry.msgctxt, entry.msgid)
        else:
            text = catalog.gettext(entry.msgid)
        if text != entry.msgid:
            return True
    return False


def untranslated(po_path, language="ar", domain="django"):
    """(msgids needing a translation here, msgids left to Django's own catalogs) of one .po file."""
    catalogs = django_catalogs(language, domain)
    missing, from_django = [], []
    for entry in read_po(po_path):
        if entry.obsolete or entry.is_header or entry.msgid is None or entry.translated:
            continue
        (from_django if provided_by_django(entry, catalogs) else missing).append(entry.key)
    return missing, from_django


def lookup(entry, translations):
    value = translations.get(entry.key)
    if value is None and entry.msgid_plural is not None:
        value = translations.get(entry.msgid_plural)
    return value


def merge_file(po_path, translations, language, fallbacks=None):
    """Fill one .po file in place; returns (filled count, warnings). A fallback translation fills an entry
    only when no regular one exists, and is marked so that a regular translation replaces it later."""
    entries = read_po(po_path)
    header = next((e for e in entries if e.is_header), None)
    nplurals = plural_count(header.msgstr.get(0, "")) if header else 2
    if header:
        fix_header(header, language)
    filled, warnings = 0, []
    for entry in entries:
        if entry.obsolete or entry.is_header or entry.msgid is None:
            continue
        from_fallback = FALLBACK_MARK in entry.lines
        if entry.translated and not from_fallback:
            continue
        value, mark = lookup(entry, translations), False
        if value is None and not entry.translated:
            value, mark = lookup(entry, fallbacks or {}), True
        if value is None:
            continue
        try:
            warning = fill(entry, value, nplurals)
        except ValueError as exc:
            warnings.append(str(exc))
            continue
        entry.lines = [line for line in entry.lines if line != FALLBACK_MARK]
        if mark:
            entry.lines.insert(0, FALLBACK_MARK)
        if warning:
            warnings.append(warning)
        filled += 1
    write_po(po_path, entries)
    return filled, warnings


def manage(*args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, check=True)


def make_messages(language):
    ignores = [f"--ignore={name}" for name in IGNORED]
    manage("makemessages", "-l", language, "--no-obsolete", *ignores)
    manage("makemessages", "-d", "djangojs", "-l", language, "--no-obsolete", *ignores)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json-dir", default="/tmp/i18n")
    parser.add_argument("--language", default="ar")
    parser.add_argument("--update", action="store_true", help="makemessages before, compilemessages after")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a msgid is still untranslated")
    args = parser.parse_args(argv)

    if args.update:
        make_messages(args.language)
    translations, fallbacks, problems = load_translations(args.json_dir)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{len(translations)} translations and {len(fallbacks)} fallbacks read from {args.json_dir}")
    missing_total = 0
    for domain in DOMAINS:
        po_path = ROOT / "locale" / args.language / "LC_MESSAGES" / f"{domain}.po"
        if not po_path.exists():
            print(f"{po_path.relative_to(ROOT)}: absent (no translatable strings in this domain)")
            continue
        filled, warnings = merge_file(po_path, translations, args.language, fallbacks)
        missing, from_django = untranslated(po_path, args.language, domain)
        missing_total += len(missing)
        on_fallback = [e.key for e in read_po(po_path) if FALLBACK_MARK in e.lines and not e.obsolete]
        print(f"{po_path.relative_to(ROOT)}: {filled} filled, {len(missing)} untranslated, "
              f"{len(on_fallback)} on a fallback translation")
        for warning in warnings:
            print(f"  warning: {warning}")
        for key in missing:
            print(f"  untranslated: {key.replace(CONTEXT_SEPARATOR, ' | ')!r}")
        for key in on_fallback:
            print(f"  on a fallback translation: {key.replace(CONTEXT_SEPARATOR, ' | ')!r}")
        for key in from_django:
            print(f"  left to Django's own catalog: {key!r}")
    if args.update:
        manage("compilemessages", "-l", args.language, *[f"--ignore={name}" for name in IGNORED])
    return 1 if args.strict and missing_total else 0


if __name__ == "__main__":
    sys.exit(main())
