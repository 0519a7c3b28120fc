/* Kharita: draw the ingest preview's incidents from an embedded JSON element; popups come from map.js (DOM text). */
(function (global) {
  "use strict";

  var SHAPE_CLASSES = {
    Point: "kharita-point", MultiPoint: "kharita-point",
    LineString: "kharita-line", MultiLineString: "kharita-line",
    Polygon: "kharita-polygon", MultiPolygon: "kharita-polygon"
  };
  var DEFAULT_COLOR = "#7f7f7f";

  function t(text) {
    return typeof global.gettext === "function" ? global.gettext(text) : text;
  }

  function safeColor(value) {
    return /^#[0-9a-fA-F]{3,8}$/.test(value || "") ? value : DEFAULT_COLOR;
  }

  function shapeClass(feature) {
    var type = feature && feature.geometry ? feature.geometry.type : "";
    return SHAPE_CLASSES[type] || "kharita-shape";
  }

  function readFeatures(dataId) {
    var node = document.getElementById(dataId);
    if (!node) { return []; }
    var data = JSON.parse(node.textContent);
    return data && Array.isArray(data.features) ? data.features : [];
  }

  function message(map, text) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = document.createElement("div");
      box.className = "kharita-map-message";
      box.textContent = text;
      return box;
    };
    control.addTo(map);
  }

  function style(feature) {
    var color = safeColor(feature.properties && feature.properties.color);
    var cls = shapeClass(feature);
    if (cls === "kharita-point") {
      return { color: "#ffffff", weight: 2, opacity: 1, fillColor: color, fillOpacity: 0.9, className: cls };
    }
    return {
      color: color, fillColor: color, opacity: 0.9, className: cls,
      weight: cls === "kharita-line" ? 5 : 2, fillOpacity: cls === "kharita-polygon" ? 0.2 : 0.8
    };
  }

  function draw(map, dataId) {
    var container = map.getContainer();
    container.setAttribute("dir", "ltr");
    var features;
    try {
      features = readFeatures(dataId);
    } catch (err) {
      message(map, t("The preview data could not be read."));
      container.setAttribute("data-kharita-state", "failed");
      return;
    }
    var layers = L.featureGroup();
    features.forEach(function (feature) {
      // One layer per feature, so each path gets its own class from the start (Leaflet reads it once).
      var layer = L.geoJSON(feature, {
        style: style,
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, Object.assign(style(f), { radius: 8 })); }
      });
      layer.eachLayer(function (sub) {
        sub.options.className = shapeClass(feature);
        sub.bindPopup(function () { return global.Kharita.popupContent(feature.properties); },
                      { maxWidth: 320, minWidth: 220 });
      });
      layers.addLayer(layer);
    });
    layers.addTo(map);
    var bounds = layers.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11, animate: false });
    } else {
      message(map, t("No incident with a location to show."));
    }
    container.setAttribute("data-kharita-count", String(features.length));
    container.setAttribute("data-kharita-state", "loaded");
  }

  global.KharitaPreview = { draw: draw };
}(window));
