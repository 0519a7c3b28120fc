/* Kharita: draw incident GeoJSON on a Leaflet map; popups are built from DOM nodes, never HTML strings. */
(function (global) {
  "use strict";

  var SHAPE_CLASSES = {
    Point: "kharita-point", MultiPoint: "kharita-point",
    LineString: "kharita-line", MultiLineString: "kharita-line",
    Polygon: "kharita-polygon", MultiPolygon: "kharita-polygon"
  };
  // Django's JavaScript catalog (/jsi18n/) defines gettext/ngettext; without it the English source shows.
  var gettext = global.gettext || function (s) { return s; };
  var ngettext = global.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = global.interpolate || function (fmt, args) { return fmt.replace("%s", args[0]); };
  var ROLE_LABELS = {
    attacker: gettext("attacker"), target: gettext("target"), actor: gettext("party"),
    actor1: gettext("first party"), actor2: gettext("second party"), assoc: gettext("associated")
  };
  var DEFAULT_COLOR = "#7f7f7f";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeColor(value) {
    return /^#[0-9a-fA-F]{3,8}$/.test(value || "") ? value : DEFAULT_COLOR;
  }

  function safeLocalUrl(value) {
    // Only same-site paths such as /articles/12/ (not //host or javascript:).
    return typeof value === "string" && /^\/(?!\/)/.test(value) ? value : null;
  }

  function row(list, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var item = el("div", "kharita-popup-row");
    item.appendChild(el("dt", null, label));
    item.appendChild(el("dd", null, value));
    list.appendChild(item);
  }

  function actorText(actors) {
    if (!Array.isArray(actors) || !actors.length) { return ""; }
    return actors.map(function (a) {
      var name = a && a.name ? String(a.name) : "";
      var role = a && a.role ? String(a.role) : "";
      return role ? name + " (" + (ROLE_LABELS[role] || role) + ")" : name;
    }).filter(Boolean).join("، ");
  }

  function popupContent(props) {
    props = props || {};
    var root = el("div", "kharita-popup");
    root.dir = "rtl";
    root.lang = "ar";
    var title = props.sub_event_type && props.event_type && props.sub_event_type !== props.event_type
      ? props.sub_event_type + " / " + props.event_type
      : (props.sub_event_type || props.event_type || "");
    var heading = el("p", "kharita-popup-type", title);
    heading.dir = "ltr";
    heading.style.borderColor = safeColor(props.color);
    root.appendChild(heading);
    if (props.evidence) {
      var quote = el("blockquote", "kharita-popup-evidence", props.evidence);
      quote.dir = "rtl";
      root.appendChild(quote);
    }
    var facts = el("dl", "kharita-popup-facts");
    row(facts, gettext("Actors"), actorText(props.actors));
    row(facts, gettext("Date"), props.date || gettext("unknown"));
    row(facts, gettext("Place"), props.location_name);
    row(facts, gettext("Fatalities"), props.fatalities);
    row(facts, gettext("According to"), props.attributed_to);
    if (props.alleged) { row(facts, gettext("Note"), gettext("unconfirmed allegation")); }
    if (props.historical) { row(facts, gettext("Note"), gettext("past event")); }
    root.appendChild(facts);
    var href = safeLocalUrl(props.article_url);
    if (href) {
      var link = el("a", "kharita-popup-link", props.article_title || gettext("the article"));
      link.setAttribute("href", href);
      var para = el("p", "kharita-popup-source", gettext("Source:") + " ");
      para.appendChild(link);
      root.appendChild(para);
    }
    sourcesList(root, props.sources);
    return root;
  }

  /* An event reported by several articles: "reported by N sources" and a link to each report. */
  function sourcesList(root, sources) {
    if (!Array.isArray(sources) || sources.length < 2) { return; }
    var box = el("div", "kharita-popup-sources");
    var n = sources.length;
    var count = interpolate(ngettext("Reported by %s source:", "Reported by %s sources:", n), [n]);
    box.appendChild(el("p", "kharita-popup-sources-count", count));
    var list = el("ul");
    sources.forEach(function (s) {
      if (!s) { return; }
      var label = s.outlet ? String(s.title || "") + " (" + String(s.outlet) + ")" : String(s.title || gettext("the article"));
      var item = el("li");
      var href = safeLocalUrl(s.article_url);
      if (href) {
        var link = el("a", "kharita-popup-link", label);
        link.setAttribute("href", href);
        item.appendChild(link);
      } else {
        item.textContent = label;
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    root.appendChild(box);
  }

  function shapeClass(feature) {
    var type = feature && feature.geometry ? feature.geometry.type : "";
    return SHAPE_CLASSES[type] || "kharita-shape";
  }

  /* The path style of an incident: a white-ringed dot, a thick line or a faint zone in its type's colour. */
  function shapeStyle(feature) {
    var color = safeColor(feature.properties && feature.properties.color);
    var cls = shapeClass(feature);
    if (cls === "kharita-point") {
      return { color: "#ffffff", weight: 2, opacity: 1, fillColor: color, fillOpacity: 0.9 };
    }
    return {
      color: color, fillColor: color, opacity: 0.9,
      weight: cls === "kharita-line" ? 5 : 2,
      fillOpacity: cls === "kharita-polygon" ? 0.2 : 0.8
    };
  }

  function isPoint(feature) {
    return shapeClass(feature) === "kharita-point";
  }

  function setClass(layer, className) {
    // Read by Leaflet's SVG renderer when the path is first added to the map.
    if (layer.eachLayer) {
      layer.eachLayer(function (sub) { setClass(sub, className); });
    } else if (layer.options) {
      layer.options.className = className;
    }
  }

  function message(map, text) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = el("div", "kharita-map-message", text);
      box.dir = "auto";
      return box;
    };
    control.addTo(map);
    return control;
  }

  function draw(map, data, options) {
    var counts = { point: 0, line: 0, polygon: 0 };
    var cluster = L.markerClusterGroup({ maxClusterRadius: 30, showCoverageOnHover: false });
    var shapes = L.featureGroup();
    var geo = L.geoJSON(data, {
      style: shapeStyle,
      pointToLayer: function (feature, latlng) {
        var color = safeColor(feature.properties && feature.properties.color);
        return L.circleMarker(latlng, { radius: 8, fillColor: color, className: "kharita-point" });
      },
      onEachFeature: function (feature, layer) {
        var cls = shapeClass(feature);
        setClass(layer, cls);
        counts[cls.replace("kharita-", "")] = (counts[cls.replace("kharita-", "")] || 0) + 1;
        layer.bindPopup(function () { return popupContent(feature.properties); },
                        { maxWidth: 320, minWidth: 220 });
      }
    });
    geo.eachLayer(function (layer) {
      if (isPoint(layer.feature)) { cluster.addLayer(layer); } else { shapes.addLayer(layer); }
    });
    shapes.addTo(map);
    cluster.addTo(map);
    var bounds = geo.getBounds();
    if (options.fit !== false && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11, animate: false });
    }
    return counts;
  }

  function finish(map, state, detail) {
    var container = map.getContainer();
    container.setAttribute("data-kharita-state", state);
    container.dispatchEvent(new CustomEvent("kharita:" + state, { detail: detail }));
  }

  function loadIncidents(map, url, options) {
    options = options || {};
    var container = map.getContainer();
    container.setAttribute("dir", "ltr");
    container.setAttribute("data-kharita-state", "loading");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        var features = data && Array.isArray(data.features) ? data.features : [];
        var counts = draw(map, { type: "FeatureCollection", features: features }, options);
        container.setAttribute("data-kharita-count", String(features.length));
        if (!features.length) { message(map, gettext("No incident with a location to show.")); }
        finish(map, "loaded", counts);
      })
      .catch(function (err) {
        message(map, interpolate(gettext("The incidents could not be loaded (%s)."), [err.message]));
        finish(map, "failed", { error: String(err) });
      });
  }

  global.Kharita = {
    loadIncidents: loadIncidents,
    popupContent: popupContent,
    // Shared with the explore page (explore*.js), which draws the same shapes in the same colours.
    util: { el: el, safeColor: safeColor, safeLocalUrl: safeLocalUrl, shapeClass: shapeClass, shapeStyle: shapeStyle,
            message: message, DEFAULT_COLOR: DEFAULT_COLOR }
  };
}(window));
