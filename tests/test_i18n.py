"""i18n tests: Arabic RTL by default, English LTR through the header switch, complete and compiled catalogs."""
import ast
import gettext
import importlib.util
import json
import re
import shutil
import subprocess
from html import unescape

import pytest
from django.test import Client
from django.utils import translation

from django.urls import reverse

from tests.conftest import ROOT
from tests.test_queue import hama, queue_data  # noqa: F401  (fixtures of the curation queue)
from tests.test_web import create_sample_data

LOCALE_DIR = ROOT / "locale" / "ar" / "LC_MESSAGES"
FORM_RE = re.compile(r'<form class="language-switch" action="([^"]+)" method="post"[^>]*>(.*?)</form>', re.S)
INPUT_RE = re.compile(r'<(?:input|button)[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"')
ARABIC_UI = ("المقالات", "الإدارة", "التنقل الرئيسي", "انتقل إلى المحتوى")
ENGLISH_UI = ("Articles", "Administration", "Main navigation", "Skip to content")


def merge_script():
    """scripts/i18n_merge.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("i18n_merge", ROOT / "scripts" / "i18n_merge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data(db):
    return create_sample_data()


@pytest.fixture
def browser_client():
    """A client that enforces CSRF like a browser does."""
    return Client(enforce_csrf_checks=True)


def html_of(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def switch_form(html):
    """(action, {field: value}) of the header's language switch, as a browser would submit it."""
    match = FORM_RE.search(html)
    assert match, "no language switch in the page"
    fields = {name: unescape(value) for name, value in INPUT_RE.findall(match.group(2))}
    return match.group(1), fields


def submit_switch(client, html):
    """Submit the page's language switch; returns the redirect target."""
    action, fields = switch_form(html)
    response = client.post(action, fields)
    assert response.status_code == 302, response.content
    return response["Location"]


def assert_arabic(html):
    assert '<html lang="ar" dir="rtl">' in html
    assert all(text in html for text in ARABIC_UI)
    assert 'value="en" lang="en" dir="ltr">English</button>' in html


def assert_english(html):
    assert '<html lang="en" dir="ltr">' in html
    assert all(text in html for text in ENGLISH_UI)
    assert not any(text in html for text in ARABIC_UI)
    assert 'value="ar" lang="ar" dir="rtl">العربيّة</button>' in html


def map_directions(html):
    """The dir attribute of every map frame and Leaflet map container in the page."""
    tags = re.findall(r'<div class="(?:map-frame|folium-map)[^"]*"[^>]*>', html)
    assert tags, "no map in the page"
    return {re.search(r'\bdir="([^"]*)"', tag).group(1) if " dir=" in tag else None for tag in tags}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/articles/", "/articles/?page=1", "ARTICLE", "/"])
def test_switch_to_english_and_back_keeps_page_and_query(browser_client, data, path):
    path = path.replace("ARTICLE", f"/articles/{data['article'].pk}/")
    arabic = html_of(browser_client, path)
    assert_arabic(arabic)
    assert switch_form(arabic)[1]["next"] == path
    assert "csrfmiddlewaretoken" in switch_form(arabic)[1]

    assert submit_switch(browser_client, arabic) == path
    english = html_of(browser_client, path)
    assert_english(english)

    assert submit_switch(browser_client, english) == path
    assert_arabic(html_of(browser_client, path))


@pytest.mark.django_db
def test_switch_refuses_a_post_without_csrf_token(browser_client, data):
    response = browser_client.post("/i18n/setlang/", {"language": "en", "next": "/articles/"})
    assert response.status_code == 403
    assert '<html lang="ar" dir="rtl">' in html_of(browser_client, "/articles/")


@pytest.mark.django_db
def test_switch_ignores_offsite_next(client, data):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_english_page_has_the_same_content(client, data):
    path = f"/articles/{data['article'].pk}/"
    arabic = html_of(client, path)
    client.post("/i18n/setlang/", {"language": "en", "next": path})
    english = html_of(client, path)
    article_text = re.compile(r'<div class="article-text">(.*?)</div>', re.S)

    def marked_text(html):  # the marks and their places, without the (translated) tooltip of unresolved ones
        return re.sub(r'<mark class="([^"]+)" title="[^"]*">', r'<mark class="\1">', article_text.search(html).group(1))

    assert marked_text(arabic) == marked_text(english)
    for html in (arabic, english):
        assert html.count('class="incident"') == 4
        assert '<div class="article-source" lang="ar" dir="rtl">' in html  # Arabic text stays RTL
        assert html.count('<blockquote class="evidence" dir="rtl" lang="ar">') == 4
    # The interface around it is translated, the data is not.
    assert "الحوادث (4)" in arabic and "Incidents (4)" in english
    assert "(الطرف الأول)" in arabic and "(first party)" in english
    assert "معارك — " in arabic and "Battles — " in english
    assert "كناية (المكان بمعنى حكومته أو أهله)" in arabic
    assert "Metonymy (the place standing for its government or people)" in english
    assert 'title="غير محدد">المرصد</mark>' in arabic and 'title="Unresolved place">المرصد</mark>' in english
    assert "6 إشارة إلى أماكن" not in arabic and "(6 إشارة" not in english
    assert "(6 إشارات إلى أماكن)" in arabic and "(6 place mentions)" in english
    assert "مسلحون &quot;مجهولون&quot;" in english and "وكالة الاختبار" in english


@pytest.mark.django_db
def test_article_count_uses_arabic_plural_forms(client, data):
    assert "مقالان" in html_of(client, "/articles/")  # two articles: the dual
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "2 articles" in html_of(client, "/articles/")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "ARTICLE"])
def test_map_stays_left_to_right_in_both_languages(client, data, path):
    path = path.replace("ARTICLE", f"/articles/{data['article'].pk}/")
    assert map_directions(html_of(client, path)) == {"ltr"}
    client.post("/i18n/setlang/", {"language": "en", "next": path})
    english = html_of(client, path)
    assert '<html lang="en" dir="ltr">' in english
    assert map_directions(english) == {"ltr"}


@pytest.mark.django_db
def test_error_pages_in_both_languages(client, data):
    bad = client.get("/articles/?page=x")
    assert bad.status_code == 400
    assert "رقم الصفحة (page) يجب أن يكون عددًا صحيحًا موجبًا." in bad.content.decode()
    beyond = html_of(client, "/articles/?page=9", status=400)
    assert "لا توجد صفحة رقم 9؛ عدد الصفحات 1." in beyond
    assert "الصفحة غير موجودة (404)" in html_of(client, "/articles/999999/", status=404)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    bad = html_of(client, "/articles/?page=x", status=400)
    assert '<html lang="en" dir="ltr">' in bad
    assert "The page number (page) must be a positive whole number." in bad
    assert "There is no page number 9; the number of pages is 1." in html_of(client, "/articles/?page=9", status=400)
    missing = html_of(client, "/articles/999999/", status=404)
    assert '<html lang="en" dir="ltr">' in missing and "Page not found (404)" in missing


def test_server_error_page_in_both_languages(rf):
    from django.views.defaults import server_error

    with translation.override("ar"):
        arabic = server_error(rf.get("/")).content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic and "حدث خطأ غير متوقع" in arabic
    with translation.override("en"):
        english = server_error(rf.get("/")).content.decode()
    assert '<html lang="en" dir="ltr">' in english and "An unexpected error occurred" in english


def test_javascript_catalog_serves_our_arabic_strings(client):
    body = client.get("/jsi18n/").content.decode()
    assert "n==0 ? 0 : n==1 ? 1 : n==2 ? 2" in body.replace("(", "").replace(")", "")  # Arabic plural rule
    po = LOCALE_DIR / "djangojs.po"
    entries = [e for e in merge_script().read_po(po) if e.translated and not e.is_header] if po.exists() else []
    for entry in entries[:5]:
        assert json.dumps(entry.msgstr[0])[1:-1] in body, entry.msgid
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/jsi18n/").content.decode()
    assert all(json.dumps(entry.msgstr[0])[1:-1] not in english for entry in entries[:5])


QUEUE_ARABIC_UI = ("أسماء غير محلولة أو ملتبسة", "بحث في الأسماء", "ابحث عن اسم", "غير محلولة", "ملتبسة",
                   "الكل", "المرات", "الحالة", "أمثلة", "إجراءات", "غير موجود في المعجم", "ملتبس؛ اختير", "حلّ…",
                   "تجاهل", "الرئيسية", "أسماء أماكن وردت في المقالات", "اسمان")
QUEUE_ENGLISH_UI = ("Unresolved or ambiguous names", "Search the names", "Search for a name", ">Unresolved</a>",
                    ">Ambiguous</a>", ">All</a>", "Occurrences", "Status", "Examples", "Actions",
                    "Not in the gazetteer (3)", "Ambiguous; chosen:", "Resolve…", 'value="Ignore"', ">Home</a>",
                    "Place names from the articles", "2 names")


@pytest.mark.django_db
def test_curation_queue_admin_in_both_languages(admin_client, queue_data):
    queue = reverse("admin:mapper_unresolvedname_changelist")
    arabic = html_of(admin_client, queue)
    assert all(text in arabic for text in QUEUE_ARABIC_UI)
    assert '<div id="content-main" class="queue" dir="rtl">' in arabic

    response = admin_client.post("/i18n/setlang/", {"language": "en", "next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    english = html_of(admin_client, queue)
    assert '<div id="content-main" class="queue" dir="ltr">' in english
    assert all(text in english for text in QUEUE_ENGLISH_UI), [t for t in QUEUE_ENGLISH_UI if t not in english]
    assert not [text for text in QUEUE_ARABIC_UI if text in english]
    assert "<mark>الصالحية</mark>" in english  # the articles' text stays as it is

    resolve = html_of(admin_client, reverse("admin:mapper_unresolvedname_resolve") + "?key=الصالحيه&q=zzz")
    assert "occurs 3 times in 2 articles." in resolve and "A. An alias of an existing place" in resolve
    assert "No place matches “zzz”." in resolve and 'value="Not a place name: ignore it"' in resolve
    assert not any(text in resolve for text in ("ورد", "مكان جديد", "ليس اسم مكان", "انقر على الخريطة"))
    failed = admin_client.post(reverse("admin:mapper_unresolvedname_act"), {"action": "nothing"}, follow=True)
    assert "Unknown action." in failed.content.decode()


# ---- catalogs -------------------------------------------------------------------------------------------

def po_files():
    return sorted(LOCALE_DIR.glob("*.po"))


def test_django_catalog_exists_and_is_compiled():
    assert (LOCALE_DIR / "django.po").is_file() and (LOCALE_DIR / "django.mo").is_file()
    for po in po_files():
        assert po.with_suffix(".mo").is_file(), f"{po.name} is not compiled"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.name)
def test_every_msgid_has_an_arabic_translation(po):
    missing, _from_django = merge_script().untranslated(po, "ar", po.stem)
    assert missing == [], f"untranslated in {po.name}; run scripts/i18n_merge.py --update"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.name)
def test_mo_files_match_their_po(po):
    """The committed .mo holds exactly the .po's translations (compared as catalogs: no gettext needed)."""
    merge = merge_script()
    expected = {}
    for entry in merge.read_po(po):
        if entry.obsolete or entry.is_header or not entry.translated:
            continue
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            expected.update({(entry.key, index): text for index, text in entry.msgstr.items()})
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}
    assert catalog == expected, f"{po.with_suffix('.mo').name} is stale; run compilemessages"
    assert [compiled.plural(n) for n in (0, 1, 2, 5, 11, 100)] == [0, 1, 2, 3, 4, 5]  # Arabic plural forms


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU msgfmt is not installed")
@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.name)
def test_po_files_pass_msgfmt_check(po, tmp_path):
    result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", str(tmp_path / "x.mo"), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


TEMPLATE_TRANSLATE_RE = re.compile(
    r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+context\s+(["'])(.*?)\3)?(?:\s+as\s+\w+)?\s*%}""")
JS_GETTEXT_RE = re.compile(r"""\bgettext\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*\)""")
PY_GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}


def source_msgids():
    """{domain: {catalog key: where}} of the literal translatable strings in templates, Python and JS."""
    found = {"django": {}, "djangojs": {}}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for match in TEMPLATE_TRANSLATE_RE.finditer(path.read_text(encoding="utf-8")):
            key = match.group(2) if match.group(4) is None else f"{match.group(4)}\x04{match.group(2)}"
            found["django"].setdefault(key, str(path.relative_to(ROOT)))
    for package in ("mapper", "gazetteer"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in PY_GETTEXT_NAMES and node.args):
                    continue
                strings = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.id.startswith("pgettext") and len(strings) == 2:
                    found["django"].setdefault(f"{strings[0]}\x04{strings[1]}", str(path.relative_to(ROOT)))
                elif not node.func.id.startswith("pgettext") and strings:
                    found["django"].setdefault(strings[0], str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "static").rglob("*.js")):
        for match in JS_GETTEXT_RE.finditer(path.read_text(encoding="utf-8")):
            key = re.sub(r"\\(.)", r"\1", match.group(2))
            found["djangojs"].setdefault(key, str(path.relative_to(ROOT)))
    return found


def test_every_source_string_is_in_the_catalogs():
    """A string added after the last makemessages run shows up here (run scripts/i18n_merge.py --update)."""
    merge = merge_script()
    for domain, keys in source_msgids().items():
        po = LOCALE_DIR / f"{domain}.po"
        if not keys:
            continue
        assert po.is_file(), f"{po.name} is missing though {next(iter(keys.values()))} has strings"
        in_catalog = {entry.key for entry in merge.read_po(po) if not entry.obsolete}
        absent = {key: where for key, where in keys.items() if key not in in_catalog}
        assert absent == {}, f"not in {po.name}"


# ---- the merge script -----------------------------------------------------------------------------------

SAMPLE_PO = r'''# SOME DESCRIPTIVE TITLE.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\n"
"Language: \n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 "
"&& n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;\n"

#: a.html:1
msgid "Map"
msgstr ""

#: a.html:2
msgctxt "default page title"
msgid "Map"
msgstr ""

#: a.html:3
#, python-format
msgid "%(counter)s incident"
msgid_plural "%(counter)s incidents"
msgstr[0] ""
msgstr[1] ""

#: a.html:4
#, fuzzy
#| msgid "Old text"
msgid "New \"quoted\" text"
msgstr "نص قديم"

#: a.html:5
msgid ""
"A long message that makemessages "
"wrapped over two lines."
msgstr ""

#: a.html:6
msgid "Already done"
msgstr "منجز"

#: a.html:7
msgid "Nobody translated this"
msgstr ""

#: a.html:8
msgid "Home"
msgstr ""

#~ msgid "Gone"
#~ msgstr "ذهب"
'''


def test_merge_script_fills_reports_and_compiles(tmp_path):
    merge = merge_script()
    po = tmp_path / "django.po"
    po.write_text(SAMPLE_PO, encoding="utf-8")
    json_dir = tmp_path / "i18n"
    json_dir.mkdir()
    (json_dir / "B.json").write_text(json.dumps({
        "Map": "الخريطة", "default page title\u0004Map": "خريطة",
        "%(counter)s incident": ["%(counter)s حادثة", "حادثة واحدة", "حادثتان", "%(counter)s حوادث",
                                 "%(counter)s حادثةً", "%(counter)s حادثة"],
        'New "quoted" text': "نص \"مقتبس\" جديد",
        "A long message that makemessages wrapped over two lines.": "رسالة طويلة",
        "Already done": "لا يُستبدل",
    }, ensure_ascii=False), encoding="utf-8")
    (json_dir / "broken.json").write_text("{not json", encoding="utf-8")
    translations, fallbacks, problems = merge.load_translations(json_dir)
    assert len(problems) == 1 and "broken.json" in problems[0] and fallbacks == {}

    filled, warnings = merge.merge_file(po, translations, "ar")
    assert (filled, warnings) == (5, [])
    by_key = {entry.key: entry for entry in merge.read_po(po)}
    assert by_key["Map"].msgstr == {0: "الخريطة"}
    assert by_key["default page title\x04Map"].msgstr == {0: "خريطة"}
    assert by_key["%(counter)s incident"].msgstr[2] == "حادثتان" and len(by_key["%(counter)s incident"].msgstr) == 6
    assert by_key['New "quoted" text'].translated and "fuzzy" not in po.read_text(encoding="utf-8")
    assert by_key["Already done"].msgstr == {0: "منجز"}  # never overwritten
    assert by_key[""].msgstr[0].count("Language: ar\n") == 1 and "Project-Id-Version: Kharita" in by_key[""].msgstr[0]
    assert "#~ msgid \"Gone\"" in po.read_text(encoding="utf-8")  # obsolete entries kept as they were

    missing, from_django = merge.untranslated(po, "ar", "django")
    assert missing == ["Nobody translated this"] and from_django == ["Home"]

    # A fallback fills what nothing else translates, marked; a regular translation replaces it later.
    (json_dir / "D.fallback.json").write_text(json.dumps(
        {"Nobody translated this": "ترجمة احتياطية", "Map": "لا تُستعمل"}, ensure_ascii=False), encoding="utf-8")
    (json_dir / "C.json").write_text(json.dumps({"Home": ["not", "a", "string"]}), encoding="utf-8")
    translations, fallbacks, _ = merge.load_translations(json_dir)
    filled, warnings = merge.merge_file(po, translations, "ar", fallbacks)
    assert filled == 1 and len(warnings) == 1 and "'Home'" in warnings[0]
    assert merge.untranslated(po, "ar", "django") == ([], ["Home"])
    entry = {e.key: e for e in merge.read_po(po)}["Nobody translated this"]
    assert entry.msgstr == {0: "ترجمة احتياطية"} and merge.FALLBACK_MARK in entry.lines
    assert {e.key: e for e in merge.read_po(po)}["Map"].msgstr == {0: "الخريطة"}

    (json_dir / "C.json").write_text(json.dumps({"Nobody translated this": "ترجمة نهائية"}, ensure_ascii=False),
                                     encoding="utf-8")
    translations, fallbacks, _ = merge.load_translations(json_dir)
    assert merge.merge_file(po, translations, "ar", fallbacks) == (1, [])
    entry = {e.key: e for e in merge.read_po(po)}["Nobody translated this"]
    assert entry.msgstr == {0: "ترجمة نهائية"} and merge.FALLBACK_MARK not in entry.lines
    assert merge.merge_file(po, translations, "ar", fallbacks) == (0, [])  # idempotent

    if shutil.which("msgfmt"):
        mo = tmp_path / "django.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
        with open(mo, "rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        assert compiled.gettext('New "quoted" text') == 'نص "مقتبس" جديد'
        assert compiled.ngettext("%(counter)s incident", "%(counter)s incidents", 2) == "حادثتان"
        assert compiled.pgettext("default page title", "Map") == "خريطة"
        assert compiled.gettext("Nobody translated this") == "ترجمة نهائية"
