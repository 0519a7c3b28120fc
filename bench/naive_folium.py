"""The naive baseline: a folium page with every incident baked in as a clustered Marker with a popup,
its Leaflet, markercluster and jQuery served from local copies (never a CDN)."""
import html
import json
import shutil
import sqlite3
import time
from pathlib import Path

import folium
from folium import plugins
from xstatic.pkg import jquery as xs_jquery
from xstatic.pkg import leaflet as xs_leaflet
from xstatic.pkg import leaflet_markercluster as xs_markercluster

ROOT = Path(__file__).resolve().parent.parent
BLANK_TILE = ROOT / "static" / "kharita" / "blank-tile.png"
TILE_URL = "/tiles/blank-tile.png?{z}/{x}/{y}"
CENTER, ZOOM = (34.8, 38.9), 7


def incident_rows(db_path):
    """(lat, lon, event_type, sub_event_type, date, location_name, fatalities) of every mapped canonical
    incident of a Kharita SQLite database, as a folium user would query them."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT lat, lon, event_type, sub_event_type, date, location_name, fatalities FROM mapper_incident "
            "WHERE merged_into_id IS NULL AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY date DESC, id DESC"
        ).fetchall()


def popup_html(event_type, sub_event_type, date, location_name, fatalities):
    """The popup text of one marker (escaped: the data is not ours to trust)."""
    e = html.escape
    return (f"<b>{e(sub_event_type)}</b> ({e(event_type)})<br>{e(str(date or ''))}<br>{e(location_name)}"
            f"<br>fatalities: {e(str(fatalities if fatalities is not None else '?'))}")


def copy_assets(site):
    """Copy the xstatic Leaflet, markercluster and jQuery files and a blank tile into the site directory."""
    vendor = site / "vendor"
    for name, source in (("leaflet", xs_leaflet.BASE_DIR), ("leaflet-markercluster", xs_markercluster.BASE_DIR),
                         ("jquery", xs_jquery.BASE_DIR)):
        target = vendor / name
        if not target.exists():
            shutil.copytree(source, target)
    (site / "tiles").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BLANK_TILE, site / "tiles" / "blank-tile.png")


def naive_map(rows):
    """folium.Map + plugins.MarkerCluster with one folium.Marker(popup=…) per incident; local assets only."""
    m = folium.Map(location=list(CENTER), zoom_start=ZOOM, tiles=None)
    # Per instance: the same libraries folium would fetch from CDNs, from the local copies instead
    # (bootstrap and font-awesome are left out: plain clustered markers do not use them).
    m.default_js = [("leaflet", "/vendor/leaflet/leaflet.js"), ("jquery", "/vendor/jquery/jquery.min.js")]
    m.default_css = [("leaflet_css", "/vendor/leaflet/leaflet.css")]
    folium.TileLayer(tiles=TILE_URL, attr="blank").add_to(m)
    cluster = plugins.MarkerCluster()
    cluster.default_js = [("markerclusterjs", "/vendor/leaflet-markercluster/leaflet.markercluster.js")]
    cluster.default_css = [("markerclustercss", "/vendor/leaflet-markercluster/MarkerCluster.css"),
                           ("markerclusterdefaultcss", "/vendor/leaflet-markercluster/MarkerCluster.Default.css")]
    cluster.add_to(m)
    for lat, lon, event_type, sub_event_type, date, location_name, fatalities in rows:
        folium.Marker([lat, lon], popup=folium.Popup(
            popup_html(event_type, sub_event_type, date, location_name, fatalities), max_width=300)).add_to(cluster)
    return m


def non_local_assets(element):
    """Every default_js/default_css URL in the element tree that is not a path on the same server."""
    found = [url for _, url in list(getattr(element, "default_js", [])) + list(getattr(element, "default_css", []))
             if not url.startswith("/") or url.startswith("//")]
    for child in element._children.values():
        found.extend(non_local_assets(child))
    return found


def source_stamp(db_path):
    """What the page is built from: the database file and its modification time."""
    return {"db": str(Path(db_path).resolve()), "mtime_ns": Path(db_path).stat().st_mtime_ns}


def build_site(db_path, site):
    """Write site/index.html (the naive page) and its assets, unless already built from the same database
    file; returns {incidents, html_bytes, build_s, reused}."""
    stamp_file = site / "built-from.json"
    if stamp_file.is_file() and (site / "index.html").is_file():
        built = json.loads(stamp_file.read_text(encoding="utf-8"))
        if built["source"] == source_stamp(db_path):
            return {**built["result"], "reused": True}
    started = time.perf_counter()
    rows = incident_rows(db_path)
    m = naive_map(rows)
    outside = non_local_assets(m)
    if outside:
        raise RuntimeError(f"the naive page would load non-local assets: {outside}")
    site.mkdir(parents=True, exist_ok=True)
    copy_assets(site)
    page = site / "index.html"
    m.save(str(page))
    result = {"incidents": len(rows), "html_bytes": page.stat().st_size, "build_s": time.perf_counter() - started}
    stamp_file.write_text(json.dumps({"source": source_stamp(db_path), "result": result}), encoding="utf-8")
    return {**result, "reused": False}
