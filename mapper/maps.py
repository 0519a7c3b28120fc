"""Folium maps of incidents that load only local static assets and fetch their data as GeoJSON."""
from pathlib import Path

import folium
import xyzservices
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from folium.elements import JSCSSMixin
from folium.template import Template

from gazetteer.conf import kharita_setting


def leaflet_assets():
    """(js, css) lists of (name, local URL) for Leaflet itself."""
    js = [("leaflet", static("vendor/leaflet/leaflet.js"))]
    css = [("leaflet_css", static("vendor/leaflet/leaflet.css"))]
    return js, css


def layer_assets():
    """(js, css) lists of (name, local URL) for marker clustering and the Kharita map code."""
    js = [
        ("leaflet_markercluster", static("vendor/leaflet-markercluster/leaflet.markercluster.js")),
        ("kharita_map", static("kharita/map.js")),
    ]
    css = [
        ("markercluster_css", static("vendor/leaflet-markercluster/MarkerCluster.css")),
        ("markercluster_default_css", static("vendor/leaflet-markercluster/MarkerCluster.Default.css")),
    ]
    return js, css


class KharitaMap(folium.Map):
    """A folium Map whose page fragments suit an embedded, left-to-right map inside an RTL page."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>#{{ this.get_name() }} { position: relative;
                width: {{ this.width[0] }}{{ this.width[1] }};
                height: {{ this.height[0] }}{{ this.height[1] }}; }</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
            <div class="folium-map kharita-map" dir="ltr" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
            });
        {% endmacro %}
        """
    )


class IncidentLayer(JSCSSMixin):
    """Fetches incident GeoJSON from a URL and draws it with static/kharita/map.js."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            Kharita.loadIncidents({{ this._parent.get_name() }}, {{ this.data_url|tojson }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data_url, fit=True):
        super().__init__()
        self._name = "IncidentLayer"
        self.data_url = data_url
        self.options = {"fit": bool(fit)}
        # Per instance, never on the class: only local static files.
        self.default_js, self.default_css = layer_assets()


def incident_map(data_url, height="480px", center=None, zoom=None, fit=True):
    """A KharitaMap with the configured tiles and an IncidentLayer fed by `data_url`."""
    m = KharitaMap(
        location=list(center or kharita_setting("MAP_CENTER")),
        zoom_start=zoom if zoom is not None else kharita_setting("MAP_ZOOM"),
        height=height,
        tiles=None,
    )
    m.default_js, m.default_css = leaflet_assets()
    configured_tiles().add_to(m)
    IncidentLayer(data_url, fit=fit).add_to(m)
    return m


# The explore page's own code, in load order (after map.js, whose popup code explore_draw.js uses).
EXPLORE_SCRIPTS = ("heat", "explore_state", "explore_draw", "explore_timeline", "explore_list", "explore")
EXPLORE_STYLES = ("explore",)
_inline_cache = {}


def _static_text(path):
    """(mtime, text) of a static file as the staticfiles finders find it."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} not found")
    file = Path(found)
    return file.stat().st_mtime_ns, file.read_text(encoding="utf-8")


def _inline_source(path, closing_tag):
    """A static file's text to put inside <script> or <style>; read once per process (again after an edit
    when DEBUG is on). A text that could end its element early is refused."""
    cached = _inline_cache.get(path)
    if cached is None or settings.DEBUG:
        mtime, text = _static_text(path)
        if cached is None or cached[0] != mtime:
            if closing_tag in text.lower() or "<!--" in text:
                raise ValueError(f"{path} cannot be inlined: it contains {closing_tag} or <!--")
            cached = _inline_cache[path] = (mtime, text)
    return cached[1]


def explore_assets():
    """The explore page's scripts and styles, inlined into the page (HTML): one response carries them, so the
    first clusters do not wait for seven more requests. Each script stays its own element named after its
    file (sourceURL), so errors and the browser's debugger point at static/kharita/<name>.js. Leaflet and
    map.js, which other pages load too, stay static files (see ExploreLayer)."""
    styles = "".join(f"<style>{_inline_source(f'kharita/{name}.css', '</style')}</style>\n"
                     for name in EXPLORE_STYLES)
    scripts = "".join(f"<script>{_inline_source(f'kharita/{name}.js', '</script')}\n"
                      f"//# sourceURL={static(f'kharita/{name}.js')}\n</script>\n" for name in EXPLORE_SCRIPTS)
    return mark_safe(styles + scripts)


class ExploreLayer(JSCSSMixin):
    """Starts static/kharita/explore.js on the map: clusters, filters, time slider, layers and list. It loads
    map.js (popup code shared with the other maps; its clusters come from the server, so Leaflet.markercluster
    is not loaded); the explore code itself is inlined by the page's template (explore_assets)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            KharitaExplore.start({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, config):
        super().__init__()
        self._name = "ExploreLayer"
        self.config = config
        self.default_js, self.default_css = [("kharita_map", static("kharita/map.js"))], []


def configured_tiles():
    """A TileLayer of the configured tile URL. Given as a TileProvider, not a string: folium would first look a
    string up among every xyzservices provider name (~3 ms a page); the layer it renders is the same."""
    url, attribution = kharita_setting("TILE_URL"), kharita_setting("TILE_ATTRIBUTION")
    provider = xyzservices.TileProvider(name="kharita", url=url, attribution=attribution)
    return folium.TileLayer(tiles=provider, attr=attribution, name="".join(url.lower().split()))


def explore_map(config, center, zoom, height="70vh"):
    """The explore page's KharitaMap: configured tiles and an ExploreLayer with `config`. A map that will fit
    the data (config["fit"]) starts without a view, so its tiles are laid out once, for the fitted view."""
    m = KharitaMap(location=list(center), zoom_start=zoom, height=height, tiles=None)
    if config.get("fit") and not config.get("view_given"):
        m.options.pop("zoom", None)
    m.default_js, m.default_css = leaflet_assets()
    configured_tiles().add_to(m)
    ExploreLayer(config).add_to(m)
    return m


def external_assets(element):
    """Every default_js/default_css URL of an element tree that is not a local path."""
    found = []
    for name, url in list(getattr(element, "default_js", [])) + list(getattr(element, "default_css", [])):
        if not url.startswith("/") or url.startswith("//"):
            found.append((name, url))
    for child in element._children.values():
        found.extend(external_assets(child))
    return found


def render_map(m):
    """The map's header, html and script fragments, ready for a Django template."""
    problems = external_assets(m)
    if problems:
        raise ValueError(f"map would load non-local assets: {problems}")
    fig = m.get_root()
    fig.render()
    fig.header._children.pop("meta_http", None)
    return {
        "header": mark_safe(fig.header.render()),
        "html": mark_safe(fig.html.render()),
        "script": mark_safe(fig.script.render()),
    }
