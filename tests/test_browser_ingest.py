"""Browser test: a staff member logs in, previews an Arabic article (highlights and a map feature), then saves it."""
import pytest
from django.contrib.auth import get_user_model

from mapper.models import Article
from tests.test_browser import CLICKABLE_POINT_JS, drawn_counts, local_tiles, watched  # noqa: F401 (fixtures)
from tests.test_web import EVIL, make_place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = ("قصفت قوات النظام مدينة حلب صباح الاثنين ما أدى إلى مقتل ثلاثة مدنيين.\n\n"
        f"وقال ناشطون إن الاشتباكات استمرت في محيط المدينة {EVIL}.")


def log_in_with_cookie(watched, user):
    """A session made by Django's test client, handed to the browser (the admin login page has no favicon,
    whose 404 check_clean would count as a console error)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    watched.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": watched.base_url}])
    response = watched.page.goto(f"{watched.base_url}/ingest/")
    assert response.status == 200


def log_in(watched, username, password):
    """Through the admin login form, as a person would."""
    page = watched.page
    page.goto(f"{watched.base_url}/admin/login/?next=/ingest/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/ingest/")


def test_ingest_preview_then_save(watched):  # noqa: F811
    aleppo = make_place("حلب", "Aleppo", "city", {"type": "Point", "coordinates": [37.16, 36.20]},
                        37.16, 36.20, (37.16, 36.20, 37.16, 36.20), "t-aleppo")
    editor = get_user_model().objects.create_user("editor", password="pw-editor-123", is_staff=True)
    page = watched.page
    log_in_with_cookie(watched, editor)
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.fill("#id_text", TEXT)
    page.fill("#id_published", "2024-03-04")
    page.fill("#id_outlet", "وكالة الاختبار")
    page.fill("#id_url", "https://example.org/a/1")
    page.click("#preview-button")
    page.wait_for_selector('.folium-map[data-kharita-state="loaded"]', timeout=15000)
    page.wait_for_load_state("networkidle")
    assert Article.objects.count() == 0  # a preview stores nothing

    text = page.locator(".preview-text")
    assert text.locator(f'mark.toponym[data-place-id="{aleppo.pk}"]').count() == 1
    assert text.locator("mark.actor").count() >= 1 and text.locator("mark.trigger").count() >= 1
    assert EVIL in text.inner_text() and text.locator("script").count() == 0
    assert page.locator(".map-frame").get_attribute("dir") == "ltr"
    assert drawn_counts(page)["point"] >= 1
    page.locator(".map-frame").scroll_into_view_if_needed()
    point = page.evaluate(CLICKABLE_POINT_JS, "path.kharita-point")
    assert point, "the preview's incident is not drawn"
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    assert "قصفت قوات النظام مدينة حلب" in popup.inner_text() and popup.locator("script").count() == 0
    assert page.input_value("#id_text").replace("\r\n", "\n") == TEXT  # the text stays in the form
    watched.screenshot("ingest-preview.png")

    page.click("#save-button")
    page.wait_for_url("**/articles/*/")
    page.wait_for_selector('.folium-map[data-kharita-state="loaded"]', timeout=15000)
    page.wait_for_load_state("networkidle")
    article = Article.objects.get()
    assert page.url.endswith(f"/articles/{article.pk}/")
    assert article.incidents.filter(place=aleppo).exists()
    assert page.locator(".incident").count() == article.incidents.count() >= 1
    assert drawn_counts(page)["point"] >= 1
    watched.screenshot("ingest-saved-article.png")
    watched.check_clean()


def test_ingest_bad_date_keeps_the_text_in_the_browser(watched):  # noqa: F811
    get_user_model().objects.create_user("editor", password="pw-editor-123", is_staff=True)
    page = watched.page
    log_in(watched, "editor", "pw-editor-123")
    page.fill("#id_text", TEXT)
    page.fill("#id_url", "javascript:alert(1)")
    page.click("#save-button")
    page.wait_for_load_state("networkidle")
    assert page.locator(".errorlist").count() >= 1 and page.locator("#id_url[aria-invalid=true]").count() == 1
    assert page.input_value("#id_text").replace("\r\n", "\n") == TEXT
    assert Article.objects.count() == 0 and watched.dialogs == []
    watched.screenshot("ingest-error.png")
