/* Kharita explore page: draws server clusters (exact counts) and incident shapes with halos, and the place layers. */
(function (global) {
  "use strict";

  var U = global.Kharita.util;
  var ngettext = global.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = global.interpolate || function (fmt, obj) {
    return fmt.replace(/%\(\w+\)s/g, function (m) { return String(obj[m.slice(2, -2)]); });
  };

  // Below the incident shapes (overlayPane, 400): heat, then place layers, then halos; the hover ring on top.
  var PANES = { kharitaHeat: 350, kharitaPlaces: 380, kharitaHalos: 390, kharitaHover: 640 };

  function addPanes(map) {
    Object.keys(PANES).forEach(function (name) {
      if (!map.getPane(name)) {
        var pane = map.createPane(name);
        pane.style.zIndex = String(PANES[name]);
        if (name === "kharitaHover" || name === "kharitaHeat") { pane.style.pointerEvents = "none"; }
      }
    });
  }

  /* A CSS conic gradient of a cluster's event types, in the legend's colours. */
  function typeGradient(types, colors) {
    var entries = Object.keys(types || {}).map(function (t) { return [t, Number(types[t]) || 0]; })
      .filter(function (e) { return e[1] > 0; })
      .sort(function (a, b) { return b[1] - a[1]; });
    var total = entries.reduce(function (s, e) { return s + e[1]; }, 0);
    if (!total) { return U.DEFAULT_COLOR; }
    var at = 0;
    var stops = entries.map(function (e) {
      var color = U.safeColor(colors[e[0]]);
      var start = at;
      at += e[1] / total * 100;
      return color + " " + start.toFixed(2) + "% " + at.toFixed(2) + "%";
    });
    return "conic-gradient(" + stops.join(", ") + ")";
  }

  function clusterSize(count) {
    return Math.round(30 + 10 * Math.log10(Math.max(1, count)));
  }

  function clusterMarker(feature, colors) {
    var props = feature.properties;
    var count = Number(props.count) || 0;
    var size = clusterSize(count);
    var ring = U.el("div", "kharita-cluster-ring");
    ring.style.background = typeGradient(props.types, colors);
    ring.appendChild(U.el("span", "kharita-cluster-count", String(count)));
    var icon = L.divIcon({ html: ring, className: "kharita-cluster", iconSize: [size, size] });
    var coords = feature.geometry.coordinates;
    var marker = L.marker([coords[1], coords[0]], { icon: icon, keyboard: true, riseOnHover: true });
    var label = interpolate(ngettext("%(count)s incident here. Press Enter to zoom in.",
                                     "%(count)s incidents here. Press Enter to zoom in.", count),
                            { count: count }, true);
    marker.on("add", function () {
      var node = marker.getElement();
      node.setAttribute("aria-label", label);
      node.setAttribute("title", label);
      node.setAttribute("data-count", String(count));
    });
    return marker;
  }

  function pathStyle(feature) {
    var color = U.safeColor(feature.properties && feature.properties.color);
    var cls = U.shapeClass(feature);
    if (cls === "kharita-point") {
      return { color: "#ffffff", weight: 2, opacity: 1, fillColor: color, fillOpacity: 0.9, className: cls };
    }
    return { color: color, fillColor: color, opacity: 0.9, weight: cls === "kharita-line" ? 5 : 2,
             fillOpacity: cls === "kharita-polygon" ? 0.2 : 0.8, className: cls };
  }

  function eachPath(layer, fn) {
    if (layer.eachLayer) { layer.eachLayer(function (sub) { eachPath(sub, fn); }); } else { fn(layer); }
  }

  /* The feature's representative point: the point itself, else the middle of its extent. */
  function featureCenter(feature) {
    var g = feature.geometry;
    if (g && g.type === "Point") { return L.latLng(g.coordinates[1], g.coordinates[0]); }
    var bounds = L.geoJSON(feature).getBounds();
    return bounds.isValid() ? bounds.getCenter() : null;
  }

  function featureLayer(feature, handlers) {
    var style = pathStyle(feature);
    var options = L.extend({}, style, {
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, L.extend({ radius: 8 }, style)); }
    });
    var layer = L.GeoJSON.geometryToLayer(feature, options);
    var id = feature.properties.id;
    layer.feature = feature;
    layer.bindPopup(function () { return global.Kharita.popupContent(feature.properties); },
                    { maxWidth: 320, minWidth: 220 });
    layer.on("mouseover", function () { handlers.hover(id, true); });
    layer.on("mouseout", function () { handlers.hover(id, false); });
    layer.on("add", function () {
      eachPath(layer, function (path) {
        var node = path.getElement && path.getElement();
        if (node) { node.setAttribute("data-incident-id", String(id)); }
      });
    });
    return layer;
  }

  function haloLayer(feature) {
    var km = Number(feature.properties.uncertainty_km) || 0;
    var g = feature.geometry;
    if (km <= 0 || !g || g.type !== "Point") { return null; }
    var color = U.safeColor(feature.properties.color);
    return L.circle([g.coordinates[1], g.coordinates[0]], {
      radius: km * 1000, pane: "kharitaHalos", interactive: false, className: "kharita-halo",
      color: color, weight: 1, opacity: 0.4, dashArray: "4 4", fillColor: color, fillOpacity: 0.08
    });
  }

  function keyOf(feature) {
    var p = feature.properties || {};
    return p.cluster ? "c:" + p.count + ":" + (p.bbox || []).join(",") : "f:" + p.id;
  }

  /* The incidents on the map: one keyed item per cluster or feature, so an unchanged item (and its open
     popup) survives a refetch. */
  function IncidentLayer(map, options) {
    addPanes(map);
    this.map = map;
    this.colors = options.colors || {};
    this.handlers = { hover: options.onHover || function () {} };
    this.group = L.layerGroup();
    this.items = {};
    this.hoverRing = null;
  }

  IncidentLayer.prototype.update = function (features) {
    var self = this;
    var next = {};
    features.forEach(function (feature) {
      if (!feature || !feature.geometry || !feature.properties) { return; }
      var key = keyOf(feature);
      if (next[key]) { return; }
      next[key] = self.items[key] || self.build(feature);
    });
    Object.keys(this.items).forEach(function (key) {
      if (!next[key]) { self.items[key].layers.forEach(function (l) { self.group.removeLayer(l); }); }
    });
    Object.keys(next).forEach(function (key) {
      if (!self.items[key]) { next[key].layers.forEach(function (l) { self.group.addLayer(l); }); }
    });
    this.items = next;
  };

  IncidentLayer.prototype.build = function (feature) {
    var map = this.map;
    if (feature.properties.cluster) {
      var marker = clusterMarker(feature, this.colors);
      var bbox = feature.properties.bbox;
      var zoomIn = function () {
        var bounds = L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
        var target = map.getBoundsZoom(bounds);
        if (target <= map.getZoom()) {  // all in one spot: zoom in on it anyway
          map.setView(bounds.getCenter(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
        } else {
          map.fitBounds(bounds, { padding: [30, 30] });
        }
      };
      marker.on("click", zoomIn);
      // Leaflet only turns Enter into a popup; a bubble is a button, so Enter and Space zoom in.
      marker.on("keydown", function (e) {
        var key = e.originalEvent.key;
        if (key === "Enter" || key === " ") {
          L.DomEvent.preventDefault(e.originalEvent);
          zoomIn();
        }
      });
      return { layers: [marker], feature: feature };
    }
    var layers = [];
    var halo = haloLayer(feature);
    if (halo) { layers.push(halo); }
    var shape = featureLayer(feature, this.handlers);
    layers.push(shape);
    return { layers: layers, shape: shape, feature: feature };
  };

  IncidentLayer.prototype.shapeFor = function (id) {
    var item = this.items["f:" + id];
    return item ? item.shape : null;
  };

  IncidentLayer.prototype.counts = function () {
    var out = { clusters: 0, features: 0 };
    var self = this;
    Object.keys(this.items).forEach(function (key) { out[self.items[key].shape ? "features" : "clusters"] += 1; });
    return out;
  };

  /* Highlight one incident: its shape when drawn on its own, else a ring where it lies (inside a cluster). */
  IncidentLayer.prototype.highlight = function (feature, on) {
    var shape = feature && this.shapeFor(feature.properties.id);
    if (this.hoverRing) { this.map.removeLayer(this.hoverRing); this.hoverRing = null; }
    if (shape) {
      eachPath(shape, function (path) {
        var node = path.getElement && path.getElement();
        if (node) { node.classList.toggle("kharita-highlighted", on); }
        if (on && path.bringToFront && path._map) { path.bringToFront(); }
      });
      return;
    }
    var center = on && feature ? featureCenter(feature) : null;
    if (center) {
      this.hoverRing = L.circleMarker(center, {
        radius: 18, pane: "kharitaHover", interactive: false, fill: false, weight: 4,
        color: "#f2b705", className: "kharita-hover-ring"
      }).addTo(this.map);
    }
  };

  /* Cluster features at `zoom` from the server's first-render grid of finer cells ({zoom, types, cells:
     [cx, cy, n, sum lon, sum lat, min lon, min lat, max lon, max lat, [count per type]]}). The grid is
     anchored at (-180, -90) and a cell halves from one zoom to the next, so cell (cx, cy) lies in cell
     (cx >> k, cy >> k) k zooms out: the merged counts, extents and types are the API's exactly. Cells of
     one incident are left to the API's answer (it sends that incident itself). Null when the grid is coarser. */
  function gridClusters(grid, zoom) {
    var shift = grid.zoom - zoom;
    if (shift < 0 || shift > 30) { return null; }
    var factor = Math.pow(2, shift);
    var merged = {};
    grid.cells.forEach(function (c) {
      var cx = Math.floor(c[0] / factor), cy = Math.floor(c[1] / factor);
      var key = cx + ":" + cy;
      var cell = merged[key];
      if (!cell) {
        cell = merged[key] = { cx: cx, cy: cy, n: 0, sx: 0, sy: 0, bbox: [c[5], c[6], c[7], c[8]], counts: [] };
      }
      cell.n += c[2];
      cell.sx += c[3];
      cell.sy += c[4];
      cell.bbox = [Math.min(cell.bbox[0], c[5]), Math.min(cell.bbox[1], c[6]),
                   Math.max(cell.bbox[2], c[7]), Math.max(cell.bbox[3], c[8])];
      c[9].forEach(function (n, i) { cell.counts[i] = (cell.counts[i] || 0) + n; });
    });
    return Object.keys(merged).map(function (key) { return merged[key]; })
      .filter(function (cell) { return cell.n > 1; })
      .map(function (cell) {
        var types = {};
        cell.counts.forEach(function (n, i) { if (n) { types[grid.types[i]] = n; } });
        return { type: "Feature", id: "cluster:" + cell.cx + ":" + cell.cy,
                 geometry: { type: "Point", coordinates: [cell.sx / cell.n, cell.sy / cell.n] },
                 properties: { cluster: true, count: cell.n, bbox: cell.bbox, types: types } };
      });
  }

  /* Heat points [lat, lng, weight]: clusters weigh their count, single incidents one. */
  function heatPoints(features) {
    var out = [];
    features.forEach(function (f) {
      if (!f || !f.geometry) { return; }
      if (f.properties && f.properties.cluster) {
        out.push([f.geometry.coordinates[1], f.geometry.coordinates[0], Number(f.properties.count) || 1]);
      } else {
        var c = featureCenter(f);
        if (c) { out.push([c.lat, c.lng, 1]); }
      }
    });
    return out;
  }

  var PLACE_STYLES = {
    boundaries: { color: "#37474f", weight: 1.5, opacity: 0.7, fillOpacity: 0, dashArray: "6 4" },
    zones: { color: "#6a3d9a", weight: 1.5, opacity: 0.8, fillColor: "#6a3d9a", fillOpacity: 0.06 },
    roads: { color: "#5d4037", weight: 3, opacity: 0.6 }
  };

  function placeName(props) {
    var ar = props.name_ar || "";
    var en = props.name_en || "";
    return ar && en && ar !== en ? ar + " / " + en : (ar || en);
  }

  /* A gazetteer layer (boundaries, zones or roads) from places.geojson, every page followed. */
  function placesLayer(url, kind) {
    var layer = L.geoJSON(null, {
      pane: "kharitaPlaces",
      style: function () { return L.extend({ className: "kharita-place kharita-place-" + kind }, PLACE_STYLES[kind]); },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, L.extend({ radius: 4, pane: "kharitaPlaces" }, PLACE_STYLES[kind]));
      },
      onEachFeature: function (feature, sub) {
        var tip = U.el("span", "kharita-place-name", placeName(feature.properties || {}));
        tip.dir = "auto";
        sub.bindTooltip(tip, { sticky: true });
      }
    });
    var pages = 0;
    function load(next) {
      pages += 1;
      return fetch(next, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
        .then(function (data) {
          layer.addData((data.features || []).filter(function (f) { return f && f.geometry; }));
          if (data.next && pages < 20) { return load(data.next); }
          return layer;
        });
    }
    layer.loaded = load(url);
    return layer;
  }

  global.KharitaExploreDraw = {
    IncidentLayer: IncidentLayer, heatPoints: heatPoints, placesLayer: placesLayer, featureCenter: featureCenter,
    addPanes: addPanes, gridClusters: gridClusters
  };
}(window));
