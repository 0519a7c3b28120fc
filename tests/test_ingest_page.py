"""The staff ingest page: permissions, CSRF, preview without storing, save (idempotent) and every bad input."""
import json
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mapper import html_text, ingest_views
from mapper.html_text import html_to_text, lxml_text
from mapper.ingest_forms import arabic_share
from mapper.models import Article
from tests.test_web import EVIL, make_place

TEXT = ("قصفت قوات النظام مدينة حلب صباح الاثنين ما أدى إلى مقتل ثلاثة مدنيين.\n\n"
        "وقال ناشطون إن الاشتباكات استمرت في محيط المدينة.")
DATE = "2024-03-04"


@pytest.fixture
def places(db):
    aleppo = make_place("حلب", "Aleppo", "city", {"type": "Point", "coordinates": [37.16, 36.20]},
                        37.16, 36.20, (37.16, 36.20, 37.16, 36.20), "t-aleppo")
    return {"aleppo": aleppo}


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("editor", password="pw-editor-123", is_staff=True)


@pytest.fixture
def staff_client(staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # messages asserted in their English source form
    client.force_login(staff)
    return client


def post(client, text=TEXT, action="preview", **fields):
    data = {"text": text, "published": DATE, "outlet": "وكالة الاختبار", "url": "https://example.org/a/1",
            "action": action}
    data.update(fields)
    return client.post("/ingest/", {k: v for k, v in data.items() if v is not None})


def textarea(html):
    """The text box's content as the browser will show it."""
    body = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", html, re.S).group(1)
    return unescape(body)


def preview_json(html):
    return re.search(r'<script id="preview-data" type="application/json">(.*?)</script>', html, re.S).group(1)


def errors(html):
    return unescape(" ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)))


# Permissions and CSRF

@pytest.mark.django_db
def test_anonymous_and_non_staff_are_sent_to_the_admin_login(client):
    response = client.get("/ingest/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=/ingest/")
    assert client.post("/ingest/", {"text": TEXT}).status_code == 302
    user = get_user_model().objects.create_user("reader", password="pw-reader-123")
    client.force_login(user)
    response = client.get("/ingest/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not Article.objects.exists()


def test_staff_gets_the_form(staff_client):
    response = staff_client.get("/ingest/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="csrfmiddlewaretoken"' in html
    for name in ("text", "upload", "published", "outlet", "url"):
        assert f'name="{name}"' in html
    assert 'value="preview"' in html and 'value="save"' in html
    assert "<svg" not in html and "preview-data" not in html


def test_csrf_is_enforced(staff, places):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    assert post(client).status_code == 403
    assert post(client, action="save").status_code == 403 and not Article.objects.exists()
    html = client.get("/ingest/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert post(client, csrfmiddlewaretoken=token).status_code == 200


def test_other_methods_are_refused(staff_client):
    assert staff_client.put("/ingest/").status_code == 405


# Preview and save

def test_preview_highlights_and_maps_without_storing(staff_client, places):
    response = post(staff_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert not Article.objects.exists()
    text = re.search(r'<div class="article-text preview-text"[^>]*>(.*?)</div>', html, re.S).group(1)
    aleppo = places["aleppo"]
    assert re.search(rf'<mark class="toponym role-literal" data-kind="toponym" data-place-id="{aleppo.pk}" '
                     r'title="Aleppo">حلب</mark>', text)
    assert re.search(r'<mark class="actor" data-kind="actor" title="Military Forces of Syria">قوات النظام</mark>', text)
    assert re.search(r'<mark class="trigger" data-kind="trigger" title="[^"]+">قصف[^<]*</mark>', text)
    assert unescape(re.sub(r"<[^>]+>", "", text)) == TEXT  # every character survives highlighting
    data = json.loads(preview_json(html))
    assert data["type"] == "FeatureCollection" and data["features"]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.16, 36.2]}
    assert feature["properties"]["evidence"] in TEXT and feature["properties"]["article_url"] is None
    assert "KharitaPreview.draw(" in html and "/static/kharita/preview.js" in html
    assert '<div class="map-frame" dir="ltr">' in html
    assert textarea(html) == TEXT.replace("\n", "\r\n") or textarea(html) == TEXT
    assert 'id="count-incidents" data-count="0"' not in html


def test_preview_escapes_hostile_text_in_the_page_and_the_json(staff_client, places):
    hostile = f"قصفت قوات النظام مدينة حلب {EVIL} صباح الاثنين."
    html = post(staff_client, text=hostile).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    payload = preview_json(html)
    assert "<" not in payload and EVIL in json.loads(payload)["features"][0]["properties"]["evidence"]


def test_save_stores_once_and_goes_to_the_article(staff_client, places):
    response = post(staff_client, action="save")
    assert response.status_code == 302
    article = Article.objects.get()
    assert response["Location"] == f"/articles/{article.pk}/"
    assert article.published.isoformat() == DATE and article.source == "وكالة الاختبار"
    assert article.url == "https://example.org/a/1" and article.text == TEXT
    assert article.incidents.filter(place=places["aleppo"]).exists()
    # The same text again (with the browser's CRLF line ends): nothing new, and the page says so.
    again = post(staff_client, text=TEXT.replace("\n", "\r\n"), action="save")
    assert again.status_code == 200 and Article.objects.count() == 1
    html = again.content.decode()
    assert 'id="existing-article"' in html and f'href="/articles/{article.pk}/"' in html


def test_non_arabic_text_is_warned_about_but_previewed(staff_client, places):
    response = post(staff_client, text="Government forces shelled Aleppo on Monday morning.")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="language-warning"' in html and 'id="preview"' in html
    assert arabic_share("Aleppo حلب") < 0.5 < arabic_share("حلب ودمشق Aleppo")


# Bad input: a clear 400, the text kept

@pytest.mark.parametrize("fields, field_hint", [
    ({"text": ""}, "no text"),
    ({"text": "   \n\t "}, "no text"),
    ({"text": "حلب\x00حلب"}, "Null characters"),
    ({"published": "2024-13-45"}, "YYYY-MM-DD"),
    ({"published": "yesterday"}, "YYYY-MM-DD"),
    ({"published": "04/03/2024"}, "YYYY-MM-DD"),
    ({"published": "2999-01-01"}, "today"),
    ({"url": "not a url at all"}, "http"),
    ({"url": "javascript:alert(1)"}, "http"),
    ({"url": "ftp://example.org/file.txt"}, "http"),
    ({"outlet": "x" * 201}, "200"),
])
def test_bad_fields_are_400_with_a_message_and_keep_the_text(staff_client, places, fields, field_hint):
    response = post(staff_client, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert field_hint in errors(html)
    assert len(re.findall(r"<li>", errors(html))) == 1  # one clear message, not the same one twice
    if fields.get("text") is None:
        assert TEXT in textarea(html).replace("\r\n", "\n")
    assert not Article.objects.exists() and 'id="preview"' not in html


def test_bad_input_never_saves(staff_client, places):
    assert post(staff_client, action="save", published="2024-02-30").status_code == 400
    assert not Article.objects.exists()


def test_text_over_the_character_limit(staff_client):
    long_text = "حلب " * 50_001
    response = post(staff_client, text=long_text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "200,000" in errors(html)
    assert textarea(html) == long_text  # kept in full


@pytest.mark.parametrize("multipart", [False, True])
def test_request_over_the_upload_limit_is_a_clear_400(staff_client, settings, multipart):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    data = {"text": "حلب " * 1000, "action": "preview"}
    if multipart:
        response = staff_client.post("/ingest/", data)
    else:
        from urllib.parse import urlencode
        response = staff_client.post("/ingest/", urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="page-error"' in html and "2,000" in html


def upload(client, name, content, **fields):
    data = {"text": "", "published": DATE, "outlet": "", "url": "", "action": "preview",
            "upload": SimpleUploadedFile(name, content)}
    data.update(fields)
    return client.post("/ingest/", data)


@pytest.mark.parametrize("name, content, hint", [
    ("report.pdf", "حلب".encode(), ".txt"),
    ("report", "حلب".encode(), ".txt"),
    ("report.docx", b"PK\x03\x04 binary", ".txt"),
    ("report.txt", b"", "empty"),
    ("report.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("report.txt", b"abc\x00\x01\x02\x03def", "binary"),
    ("report.txt", "قصفت قوات النظام مدينة حلب".encode("cp1256"), "UTF-8"),
    ("page.html", b"<html><body><script>x()</script></body></html>", "No text"),
])
def test_bad_uploads_are_400_with_a_message(staff_client, places, name, content, hint):
    response = upload(staff_client, name, content)
    assert response.status_code == 400
    assert hint in errors(response.content.decode())
    assert not Article.objects.exists()


def test_upload_too_large(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = upload(staff_client, "big.txt", ("حلب " * 1000).encode())
    assert response.status_code == 400 and "1000" in errors(response.content.decode())


def test_text_and_file_together_keep_the_text(staff_client, places):
    response = upload(staff_client, "report.txt", TEXT.encode(), text="نص ملصق")
    assert response.status_code == 400
    html = response.content.decode()
    assert "not both" in unescape(html) and textarea(html) == "نص ملصق"


def test_txt_upload_is_previewed_and_its_text_kept_for_saving(staff_client, places):
    response = upload(staff_client, "report.txt", ("\ufeff" + TEXT.replace("\n", "\r\n")).encode("utf-8"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="from-upload"' in html and textarea(html).replace("\r\n", "\n") == TEXT
    assert 'data-place-id="%d"' % places["aleppo"].pk in html
    utf16 = upload(staff_client, "report.txt", TEXT.encode("utf-16"))
    assert utf16.status_code == 200 and textarea(utf16.content.decode()).replace("\r\n", "\n") == TEXT


def test_html_upload_uses_trafilatura(staff_client, places):
    page = ("<html><head><title>عنوان</title><script>alert(1)</script></head><body><nav>الرئيسية | أخبار</nav>"
            f"<article><h1>قصف على حلب</h1><p>{TEXT.splitlines()[0]}</p><p>{TEXT.splitlines()[-1]}</p></article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>")
    response = upload(staff_client, "page.html", page.encode("utf-8"))
    assert response.status_code == 200
    text = textarea(response.content.decode()).replace("\r\n", "\n")
    assert text.startswith("قصف على حلب") and TEXT.splitlines()[0] in text
    assert "alert" not in text and "الحقوق" not in text
    assert html_text.trafilatura_text(page)  # trafilatura itself, not the fallback


def test_html_upload_falls_back_to_lxml(staff_client, places, monkeypatch):
    monkeypatch.setattr(html_text, "trafilatura_text", lambda html: "")
    page = f"<html><body><style>p {{}}</style><div>{TEXT.splitlines()[0]}<br>سطر آخر</div></body></html>"
    declared = page.encode("cp1256").replace(b"<html>", b'<html><meta charset="windows-1256">')
    response = upload(staff_client, "page.htm", declared)
    assert response.status_code == 200
    text = textarea(response.content.decode()).replace("\r\n", "\n")
    assert text == TEXT.splitlines()[0] + "\n\nسطر آخر"


def test_lxml_text_handles_odd_pages():
    assert lxml_text("") == ""
    assert lxml_text('<?xml version="1.0" encoding="utf-8"?><html><body><p>نص</p></body></html>') == "نص"
    assert html_to_text("<p>أ</p><p>ب</p><script>no()</script>") in ("أ\n\nب", "أ ب")


def test_a_parser_failure_is_a_message_not_a_500(staff_client, places, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest_views, "geoparse", broken)
    response = post(staff_client)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-errors"' in html and TEXT in textarea(html).replace("\r\n", "\n")
