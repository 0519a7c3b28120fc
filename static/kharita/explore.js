/* Kharita explore page: wires the filters, time slider, map layers, side list, exports and the URL together. */
(function (global) {
  "use strict";

  var S = global.KharitaExploreState;
  var D = global.KharitaExploreDraw;
  var gettext = global.gettext || function (s) { return s; };
  var ngettext = global.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = global.interpolate || function (fmt, obj) {
    return fmt.replace(/%\(\w+\)s/g, function (m) { return String(obj[m.slice(2, -2)]); });
  };
  var MAP_DELAY_MS = 250;
  var TEXT_DELAY_MS = 400;
  var PLACE_KINDS = ["boundaries", "zones", "roads"];

  function byId(id) { return document.getElementById(id); }

  function reducedMotion() {
    return Boolean(global.matchMedia && global.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function Explorer(map, config) {
    var self = this;
    this.map = map;
    this.config = config;
    this.form = byId("explore-filters");
    this.container = map.getContainer();
    this.container.setAttribute("dir", "ltr");
    this.container.setAttribute("data-kharita-state", "loading");
    this.busy = 0;
    this.timers = {};
    this.requests = {};
    this.afterDraw = [];
    this.listOffset = 0;
    this.state = {
      filters: S.readForm(this.form), t: config.t || "", win: S.parseWindow(config.w),
      layers: config.layers.slice(), view: null
    };
    this.incidents = new D.IncidentLayer(map, {
      colors: config.colors, onHover: function (id, on) { self.list.mark(id, on); }
    });
    this.heat = global.KharitaHeat.heatLayer([], { pane: "kharitaHeat" });
    this.places = {};
    this.slider = new global.KharitaTimeSlider({
      slider: byId("time-slider"), play: byId("time-play"), clear: byId("time-all"), size: byId("window-size"),
      unit: byId("window-unit"), label: byId("time-label"), histogram: byId("time-histogram")
    }, function (t, win) { self.onTimeChange(t, win); });
    this.list = new global.KharitaIncidentList({
      list: byId("incident-list"), summary: byId("list-summary"), prev: byId("list-prev"),
      next: byId("list-next"), page: byId("list-page")
    }, config.labels, {
      select: function (feature) { self.focusIncident(feature); },
      hover: function (feature, on) { self.incidents.highlight(feature, on); },
      page: function (offset) { self.listOffset = offset; self.schedule("loadList", 0); }
    });
    L.control.scale({ imperial: false }).addTo(map);
    this.initView();
    this.slider.setState(this.state.t, this.state.win);
    this.updateSliderBounds();
    this.state.t = this.slider.t;  // kept inside the date range
    this.writeLayers();
    this.applyLayers();
    // The first clusters are what the reader waits for: drawn from the page's grid when it has one, before
    // the rest of the wiring, then asked for (the API's answer replaces them); the list and the timeline only
    // once they are drawn, so nothing competes with them for the server or the main thread.
    this.firstDraw = true;
    this.drawFirstGrid();
    this.bind();
    this.state.view = this.currentView();
    this.writeUrl(false);
    this.updateExports();
    this.loadClusters();
  }

  /* The clusters of the first view straight from the page (see gridClusters), when the page's grid was made
     for exactly the filters shown; the API's answer for the view replaces them as soon as it arrives. */
  Explorer.prototype.drawFirstGrid = function () {
    var node = byId("explore-grid");
    var grid = node ? JSON.parse(node.textContent) : null;
    if (!grid || this.config.view_given || grid.query !== S.filterQuery(S.effectiveFilters(this.state))) { return; }
    var features = D.gridClusters(grid, Math.round(this.map.getZoom()));
    if (features && features.length) { this.incidents.update(features); }
  };

  Explorer.prototype.afterFirstDraw = function () {
    if (!this.firstDraw) { return; }
    this.firstDraw = false;
    this.schedule("loadList", 0);
    this.schedule("loadTimeline", 0);
    this.schedule("loadFacets", 0);
  };

  /* Fit the data when the URL gives no view. Such a map starts without a view (mapper/maps.py), so its base
     tiles wait: they are laid out just after the first clusters are drawn, not before. */
  Explorer.prototype.initView = function () {
    var fit = this.config.fit;
    var map = this.map;
    if (!this.config.view_given && fit) {
      var tiles = [];
      map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { tiles.push(layer); } });
      tiles.forEach(function (layer) { map.removeLayer(layer); });
      var bounds = L.latLngBounds([fit[1], fit[0]], [fit[3], fit[2]]);
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11, animate: false });
      global.setTimeout(function () { tiles.forEach(function (layer) { layer.addTo(map); }); }, 0);
    }
  };

  Explorer.prototype.bind = function () {
    var self = this;
    var form = this.form;
    form.addEventListener("submit", function (event) { event.preventDefault(); self.onFilterChange(); });
    form.addEventListener("change", function () { self.onFilterChange(); });
    form.addEventListener("input", function (event) {
      // Typing: apply once the user pauses (the change event follows on blur or Enter anyway).
      if (event.target.name === "q" || event.target.name === "certainty_min") {
        self.schedule("onFilterChange", TEXT_DELAY_MS);
      }
    });
    byId("filters-clear").addEventListener("click", function () {
      S.writeForm(form, {});
      self.onFilterChange();
    });
    document.querySelectorAll("input[name='layer']").forEach(function (box) {
      box.addEventListener("change", function () { self.onLayersChange(); });
    });
    this.map.on("moveend", function () { self.onMove(); });
    global.addEventListener("popstate", function () { self.restore(global.location.search); });
  };

  /* ---- state changes ---- */

  Explorer.prototype.onFilterChange = function () {
    // An out-of-range value (certainty 2, an end before the start) is pointed out by the browser, never sent.
    var from = this.form.querySelector("[name='from']");
    var to = this.form.querySelector("[name='to']");
    to.setCustomValidity(from.value && to.value && from.value > to.value
      ? gettext("The end date is before the start date.") : "");
    if (!this.form.checkValidity()) {
      this.form.reportValidity();
      return;
    }
    var before = S.pageQuery(this.state);
    this.state.filters = S.readForm(this.form);
    this.updateSliderBounds();
    this.state.t = this.slider.t;
    if (S.pageQuery(this.state) === before) { return; }
    this.writeUrl(true);
    this.reload(true);
  };

  Explorer.prototype.onTimeChange = function (t, win) {
    this.state.t = t;
    this.state.win = win;
    this.writeUrl(false);
    this.reload(false);
  };

  Explorer.prototype.onMove = function () {
    this.state.view = this.currentView();
    this.writeUrl(false);
    this.listOffset = 0;
    this.schedule("loadClusters", MAP_DELAY_MS);
    this.schedule("loadList", MAP_DELAY_MS);
  };

  Explorer.prototype.onLayersChange = function () {
    var layers = [];
    document.querySelectorAll("input[name='layer']").forEach(function (box) {
      if (box.checked) { layers.push(box.value); }
    });
    this.state.layers = layers;
    this.applyLayers();
    this.writeUrl(false);
  };

  /* Back/forward: show the state the URL describes. */
  Explorer.prototype.restore = function (search) {
    var parsed = S.parseQuery(search);
    S.writeForm(this.form, parsed.filters);
    this.state.filters = S.readForm(this.form);
    this.state.win = parsed.win;
    this.slider.setState(parsed.t, parsed.win);
    this.updateSliderBounds();
    this.state.t = this.slider.t;
    this.state.layers = parsed.layers;
    this.writeLayers();
    this.applyLayers();
    if (parsed.view) { this.map.setView([parsed.view.lat, parsed.view.lng], parsed.view.zoom, { animate: false }); }
    this.reload(true);
  };

  Explorer.prototype.reload = function (withTimeline) {
    this.updateExports();
    this.listOffset = 0;
    if (withTimeline) { this.schedule("loadTimeline", MAP_DELAY_MS); }
    this.schedule("loadClusters", MAP_DELAY_MS);
    this.schedule("loadList", MAP_DELAY_MS);
    this.schedule("loadFacets", MAP_DELAY_MS);
  };

  Explorer.prototype.updateSliderBounds = function () {
    var f = this.state.filters;
    this.slider.setBounds(f.from || this.config.date_min, f.to || this.config.date_max);
  };

  Explorer.prototype.currentView = function () {
    var c = this.map.getCenter();
    return { zoom: this.map.getZoom(), lat: c.lat, lng: c.lng };
  };

  Explorer.prototype.writeUrl = function (push) {
    var query = S.pageQuery(this.state);
    var url = global.location.pathname + (query ? "?" + query : "");
    if (url === global.location.pathname + global.location.search) { return; }
    global.history[push ? "pushState" : "replaceState"](null, "", url);
  };

  Explorer.prototype.updateExports = function () {
    var query = S.filterQuery(S.effectiveFilters(this.state));
    document.querySelectorAll("a[data-export-base]").forEach(function (link) {
      var base = link.getAttribute("data-export-base");
      link.setAttribute("href", query ? base + "?" + query : base);
    });
  };

  /* ---- layers ---- */

  Explorer.prototype.writeLayers = function () {
    var layers = this.state.layers;
    document.querySelectorAll("input[name='layer']").forEach(function (box) {
      box.checked = layers.indexOf(box.value) >= 0;
    });
  };

  Explorer.prototype.applyLayers = function () {
    var self = this;
    var on = function (name) { return self.state.layers.indexOf(name) >= 0; };
    this.toggle(this.incidents.group, on("incidents"));
    this.toggle(this.heat, on("heat"));
    PLACE_KINDS.forEach(function (kind) {
      if (on(kind) && !self.places[kind]) {
        self.places[kind] = D.placesLayer(self.config.urls.places + "?layer=" + kind, kind);
        self.track(self.places[kind].loaded);
      }
      if (self.places[kind]) { self.toggle(self.places[kind], on(kind)); }
    });
  };

  Explorer.prototype.toggle = function (layer, on) {
    if (on && !this.map.hasLayer(layer)) { layer.addTo(this.map); }
    if (!on && this.map.hasLayer(layer)) { this.map.removeLayer(layer); }
  };

  /* ---- loading: debounced, one request per kind in flight, stale ones aborted ---- */

  Explorer.prototype.schedule = function (name, delay) {
    var self = this;
    if (this.timers[name]) { global.clearTimeout(this.timers[name]); } else { this.busy += 1; }
    this.timers[name] = global.setTimeout(function () {
      delete self.timers[name];
      self.busy -= 1;
      self[name]();
    }, delay);
  };

  Explorer.prototype.track = function (promise) {
    var self = this;
    this.busy += 1;
    promise.then(function () { self.busy -= 1; }, function () { self.busy -= 1; });
  };

  Explorer.prototype.fetchJson = function (name, url, onData, onError) {
    var self = this;
    if (this.requests[name]) { this.requests[name].abort(); }
    var controller = new AbortController();
    this.requests[name] = controller;
    this.busy += 1;
    fetch(url, { signal: controller.signal, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) { throw new Error(body.error || "HTTP " + response.status); }
          return body;
        });
      })
      .then(function (body) { if (self.requests[name] === controller) { onData(body); } })
      .catch(function (err) {
        if (err.name !== "AbortError" && self.requests[name] === controller) { onError(err); }
      })
      .then(function () {
        if (self.requests[name] === controller) { delete self.requests[name]; }
        self.busy -= 1;
      });
  };

  Explorer.prototype.bbox = function () {
    var b = this.map.getBounds();
    var west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
    var south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
    if (west > east) { west = -180; east = 180; }
    return [west, south, east, north].map(function (v) { return v.toFixed(5); }).join(",");
  };

  Explorer.prototype.query = function (extra) {
    var query = S.filterQuery(S.effectiveFilters(this.state));
    return "?" + (query ? query + "&" : "") + extra;
  };

  Explorer.prototype.loadClusters = function () {
    var self = this;
    var bbox = this.bbox();
    var zoom = Math.max(0, Math.min(20, Math.round(this.map.getZoom())));
    this.container.setAttribute("data-kharita-state", "loading");
    this.fetchJson("clusters", this.config.urls.clusters + this.query("bbox=" + bbox + "&zoom=" + zoom),
      function (data) { self.drawClusters(data, bbox); self.afterFirstDraw(); },
      function (err) {
        self.status(interpolate(gettext("Could not load the incidents (%(error)s)."), { error: err.message }, true));
        self.container.setAttribute("data-kharita-state", "failed");
        self.afterFirstDraw();
      });
  };

  Explorer.prototype.drawClusters = function (data, bbox) {
    var features = Array.isArray(data.features) ? data.features : [];
    var total = Number(data.total) || 0;
    this.incidents.update(features);
    this.heat.setData(D.heatPoints(features));
    var c = this.container;
    c.setAttribute("data-kharita-count", String(total));
    c.setAttribute("data-kharita-mode", data.mode || "");
    c.setAttribute("data-kharita-bbox", bbox);
    var text = interpolate(ngettext("%(count)s incident in view", "%(count)s incidents in view", total),
                           { count: total }, true);
    if (data.mode === "clusters") {
      text += " " + gettext("(grouped by area: select a number to zoom in)");
    }
    this.status(total ? text : gettext("No incidents match the filters in this view."));
    c.setAttribute("data-kharita-state", "loaded");
    c.dispatchEvent(new CustomEvent("kharita:loaded", { detail: { total: total, mode: data.mode } }));
    var callbacks = this.afterDraw;
    this.afterDraw = [];
    callbacks.forEach(function (fn) { fn(); });
  };

  Explorer.prototype.loadList = function () {
    var self = this;
    var offset = this.listOffset;
    var extra = "bbox=" + this.bbox() + "&limit=" + global.KharitaIncidentList.PAGE_SIZE + "&offset=" + offset;
    this.fetchJson("list", this.config.urls.incidents + this.query(extra),
      function (data) { self.list.show(data, offset); },
      function (err) { self.list.failed(err.message); });
  };

  Explorer.prototype.loadTimeline = function () {
    var self = this;
    var slider = this.slider;
    if (!slider.min) { slider.setSeries([]); return; }
    var days = S.daysBetween(slider.min, slider.max);
    var bucket = days <= 180 ? "day" : (days <= 1500 ? "week" : "month");
    var query = S.filterQuery(this.state.filters);
    this.fetchJson("timeline", this.config.urls.timeline + "?" + (query ? query + "&" : "") + "bucket=" + bucket,
      function (data) { slider.setSeries(data.series); },
      function () { slider.setSeries([]); });
  };

  /* The form's counts, faceted (each facet under every other filter) for the filters the map shows, its view
     left out; skipped when the form already shows them (the page came with the counts of its own filters). */
  Explorer.prototype.loadFacets = function () {
    var form = this.form;
    var query = S.filterQuery(S.effectiveFilters(this.state));
    if (query === form.getAttribute("data-counts-query")) {
      if (this.requests.facets) { this.requests.facets.abort(); }  // an answer for other filters is stale
      return;
    }
    this.fetchJson("facets", this.config.urls.facets + this.query("facet_counts=others"), function (data) {
      S.writeCounts(form, data);
      form.setAttribute("data-counts-query", query);
    }, function () { form.setAttribute("data-counts-query", ""); });  // the last counts stay; asked again next time
  };

  Explorer.prototype.status = function (text) {
    byId("map-status").textContent = text;
  };

  /* ---- the list and the map ---- */

  Explorer.prototype.focusIncident = function (feature) {
    var self = this;
    var map = this.map;
    var bounds = L.geoJSON(feature).getBounds();
    if (!bounds.isValid()) { return; }
    map.once("moveend", function () { self.afterDraw.push(function () { self.openPopup(feature); }); });
    var options = { duration: 0.5, animate: !reducedMotion() };
    if (bounds.getSouthWest().equals(bounds.getNorthEast())) {
      map.flyTo(bounds.getCenter(), Math.max(map.getZoom(), 10), options);
    } else {
      map.flyToBounds(bounds, L.extend({ padding: [40, 40], maxZoom: 12 }, options));
    }
  };

  Explorer.prototype.openPopup = function (feature) {
    var shape = this.incidents.shapeFor(feature.properties.id);
    if (shape && this.map.hasLayer(this.incidents.group)) {
      shape.openPopup();
      return;
    }
    var center = D.featureCenter(feature);
    if (center) {
      L.popup({ maxWidth: 320, minWidth: 220 }).setLatLng(center)
        .setContent(global.Kharita.popupContent(feature.properties)).openOn(this.map);
    }
  };

  /* Resolves once no fetch is pending or scheduled (tests and scripted use). */
  Explorer.prototype.idle = function () {
    var self = this;
    return new Promise(function (resolve) {
      var quiet = 0;
      (function check() {
        quiet = self.busy === 0 ? quiet + 1 : 0;
        if (quiet >= 2) { resolve(true); } else { global.setTimeout(check, 50); }
      }());
    });
  };

  global.KharitaExplore = {
    start: function (map, config) {
      global.KharitaExplore.app = new Explorer(map, config);
      return global.KharitaExplore.app;
    },
    idle: function () { return global.KharitaExplore.app ? global.KharitaExplore.app.idle() : Promise.resolve(false); }
  };
}(window));
