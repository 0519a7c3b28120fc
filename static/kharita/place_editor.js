/* Kharita place editor: draw, edit and delete a place's geometry with Leaflet.draw; the GeoJSON lives in a textarea. */
(function () {
  "use strict";

  var FAMILIES = {
    Point: "point", MultiPoint: "point",
    LineString: "line", MultiLineString: "line",
    Polygon: "polygon", MultiPolygon: "polygon"
  };
  var MULTI = { point: "MultiPoint", line: "MultiLineString", polygon: "MultiPolygon" };
  var DECIMALS = 6; // about 0.1 m
  var SHAPE_STYLE = { color: "#b2182b", weight: 3, opacity: 0.9, fillOpacity: 0.2 };

  // A geometry as its single parts (a MultiPolygon as Polygons), so that each part can be edited.
  function partsOf(geometry) {
    if (!geometry || typeof geometry !== "object" || !FAMILIES[geometry.type] ||
        !Array.isArray(geometry.coordinates)) {
      return null;
    }
    if (geometry.type.indexOf("Multi") === 0) {
      var single = geometry.type.slice("Multi".length);
      return geometry.coordinates.map(function (c) { return { type: single, coordinates: c }; });
    }
    return [geometry];
  }

  function layerFor(part) {
    if (part.type === "Point") {
      return L.marker(L.GeoJSON.coordsToLatLng(part.coordinates));
    }
    if (part.type === "LineString") {
      return L.polyline(L.GeoJSON.coordsToLatLngs(part.coordinates, 0), SHAPE_STYLE);
    }
    return L.polygon(L.GeoJSON.coordsToLatLngs(part.coordinates, 1), SHAPE_STYLE);
  }

  function familyOf(layer) {
    if (layer instanceof L.Marker) { return "point"; }
    if (layer instanceof L.Polygon) { return "polygon"; } // a Polygon is also a Polyline: test it first
    if (layer instanceof L.Polyline) { return "line"; }
    return null;
  }

  // The layers as one GeoJSON geometry: a single part, or a Multi* of parts of one family.
  function geometryOf(layers) {
    if (!layers.length) { return null; }
    var geometries = layers.map(function (layer) { return layer.toGeoJSON(DECIMALS).geometry; });
    if (geometries.length === 1) { return geometries[0]; }
    return {
      type: MULTI[familyOf(layers[0])],
      coordinates: geometries.map(function (g) { return g.coordinates; })
    };
  }

  // The status texts come translated from the widget (data-messages); these are the fallbacks.
  var MESSAGES = {
    empty: "No geometry: draw a point, line or polygon before saving.",
    point: "Point at lat %(lat)s, lon %(lon)s",
    parts: "%(type)s of %(parts)s parts",
    badJson: "The GeoJSON text is not valid JSON; the map shows the last valid shape.",
    badType: "The GeoJSON text is not a Point, LineString, Polygon or Multi* geometry.",
    badCoordinates: "The GeoJSON coordinates cannot be drawn."
  };

  function fill(format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  }

  function describe(geometry, messages) {
    if (!geometry) { return messages.empty; }
    if (geometry.type === "Point") {
      return fill(messages.point, { lat: geometry.coordinates[1].toFixed(5), lon: geometry.coordinates[0].toFixed(5) });
    }
    var parts = geometry.type.indexOf("Multi") === 0 ? geometry.coordinates.length : 1;
    return parts > 1 ? fill(messages.parts, { type: geometry.type, parts: parts }) : geometry.type;
  }

  function PlaceEditor(container) {
    this.container = container;
    this.textarea = document.getElementById(container.getAttribute("data-textarea"));
    this.status = container.parentNode.querySelector(".kharita-place-editor-status");
    this.messages = L.extend({}, MESSAGES, JSON.parse(container.getAttribute("data-messages") || "{}"));
    var center = JSON.parse(container.getAttribute("data-center"));
    this.map = L.map(container, { center: center, zoom: parseInt(container.getAttribute("data-zoom"), 10) });
    L.tileLayer(container.getAttribute("data-tile-url"), {
      attribution: container.getAttribute("data-attribution"), maxZoom: 19
    }).addTo(this.map);
    this.shapes = new L.FeatureGroup().addTo(this.map);
    this.map.addControl(new L.Control.Draw({
      position: "topleft",
      draw: {
        marker: {},
        polyline: { shapeOptions: SHAPE_STYLE },
        polygon: { allowIntersection: false, showArea: false, shapeOptions: SHAPE_STYLE },
        rectangle: false, circle: false, circlemarker: false
      },
      edit: { featureGroup: this.shapes, remove: true }
    }));
    this.bind();
    this.load(true);
    container.setAttribute("data-state", "ready");
  }

  PlaceEditor.prototype.bind = function () {
    var self = this;
    var write = function () { self.write(); };
    this.map.on(L.Draw.Event.CREATED, function (event) { self.add(event.layer); });
    // Editing writes as it goes, so saving the form mid-edit keeps what the map shows; a cancelled edit
    // or delete restores the layers before editstop/deletestop, and the write that follows restores the text.
    this.map.on([L.Draw.Event.EDITED, L.Draw.Event.EDITMOVE, L.Draw.Event.EDITVERTEX, L.Draw.Event.EDITSTOP,
                 L.Draw.Event.DELETED, L.Draw.Event.DELETESTOP].join(" "), write);
    this.textarea.addEventListener("change", function () { self.load(true); });
  };

  // A new point replaces the shape; a new line or polygon joins a shape of its own kind, else replaces it.
  PlaceEditor.prototype.add = function (layer) {
    var family = familyOf(layer);
    var current = this.shapes.getLayers();
    if (family === "point" || (current.length && familyOf(current[0]) !== family)) {
      this.shapes.clearLayers();
    }
    if (layer.setStyle) { layer.setStyle(SHAPE_STYLE); }
    this.shapes.addLayer(layer);
    this.write();
  };

  PlaceEditor.prototype.write = function () {
    var geometry = geometryOf(this.shapes.getLayers());
    this.textarea.value = geometry ? JSON.stringify(geometry) : "";
    this.container.setAttribute("data-shape", geometry ? geometry.type : "");
    this.say(describe(geometry, this.messages), false);
  };

  PlaceEditor.prototype.load = function (fit) {
    var text = this.textarea.value.trim();
    var geometry = null;
    if (text) {
      try {
        geometry = JSON.parse(text);
      } catch (err) {
        this.say(this.messages.badJson, true);
        return;
      }
    }
    var parts = geometry ? partsOf(geometry) : [];
    if (parts === null) {
      this.say(this.messages.badType, true);
      return;
    }
    this.shapes.clearLayers();
    var self = this;
    try {
      parts.forEach(function (part) { self.shapes.addLayer(layerFor(part)); });
    } catch (err) {
      this.shapes.clearLayers();
      this.say(this.messages.badCoordinates, true);
      return;
    }
    this.container.setAttribute("data-shape", geometry ? geometry.type : "");
    this.say(describe(geometry, this.messages), false);
    if (fit && parts.length) {
      this.map.fitBounds(this.shapes.getBounds(), { maxZoom: 13, padding: [24, 24] });
    }
  };

  PlaceEditor.prototype.say = function (text, isError) {
    var source = this.textarea.closest("details");
    if (isError && source) { source.open = true; } // show the text that needs fixing
    if (!this.status) { return; }
    this.status.textContent = text;
    this.status.classList.toggle("errornote", !!isError);
  };

  function start() {
    var containers = document.querySelectorAll(".kharita-place-editor-map");
    Array.prototype.forEach.call(containers, function (container) {
      if (!container.kharitaEditor) { container.kharitaEditor = new PlaceEditor(container); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
