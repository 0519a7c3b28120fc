/* Kharita: draw the ingest preview's incidents from an embedded JSON element; popups come from map.js (DOM text). */
(function (global) {
  "use strict";

  var U = global.Kharita.util;  // map.js: the same shapes, colours and notices as every incident map

  function t(text) {
    return typeof global.gettext === "function" ? global.gettext(text) : text;
  }

  function readFeatures(dataId) {
    var node = document.getElementById(dataId);
    if (!node) { return []; }
    var data = JSON.parse(node.textContent);
    return data && Array.isArray(data.features) ? data.features : [];
  }

  function style(feature) {
    return Object.assign(U.shapeStyle(feature), { className: U.shapeClass(feature) });
  }

  function draw(map, dataId) {
    var container = map.getContainer();
    container.setAttribute("dir", "ltr");
    var features;
    try {
      features = readFeatures(dataId);
    } catch (err) {
      U.message(map, t("The preview data could not be read."));
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
        sub.options.className = U.shapeClass(feature);
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
      U.message(map, t("No incident with a location to show."));
    }
    container.setAttribute("data-kharita-count", String(features.length));
    container.setAttribute("data-kharita-state", "loaded");
  }

  global.KharitaPreview = { draw: draw };
}(window));
