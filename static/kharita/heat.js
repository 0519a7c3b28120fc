/* Kharita: a small canvas heat layer for Leaflet, drawn from weighted points (e.g. cluster counts). */
(function (global) {
  "use strict";

  // Colour ramp from faint blue (few) to red (many); alpha comes from the accumulated density.
  var STOPS = [[0.0, "rgba(33,102,172,0)"], [0.2, "#2166ac"], [0.45, "#1a9850"], [0.65, "#fee08b"],
               [0.85, "#f46d43"], [1.0, "#a50026"]];

  function makePalette() {
    var canvas = document.createElement("canvas");
    canvas.width = 256;
    canvas.height = 1;
    var ctx = canvas.getContext("2d");
    var gradient = ctx.createLinearGradient(0, 0, 256, 0);
    STOPS.forEach(function (stop) { gradient.addColorStop(stop[0], stop[1]); });
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 256, 1);
    return ctx.getImageData(0, 0, 256, 1).data;
  }

  function makeStamp(radius) {
    var size = radius * 2;
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    var ctx = canvas.getContext("2d");
    var gradient = ctx.createRadialGradient(radius, radius, 0, radius, radius, radius);
    gradient.addColorStop(0, "rgba(0,0,0,1)");
    gradient.addColorStop(1, "rgba(0,0,0,0)");
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, size, size);
    return canvas;
  }

  var HeatLayer = L.Layer.extend({
    options: { radius: 36, maxOpacity: 0.7, pane: "overlayPane" },

    initialize: function (points, options) {
      L.setOptions(this, options);
      this._points = points || [];
    },

    /* points: [[lat, lng, weight], ...] */
    setData: function (points) {
      this._points = points || [];
      if (this._map) { this._redraw(); }
      return this;
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "kharita-heat leaflet-zoom-hide");
      this._canvas.setAttribute("aria-hidden", "true");
      this._canvas.style.pointerEvents = "none";
      this.getPane().appendChild(this._canvas);
      this._stamp = makeStamp(this.options.radius);
      this._palette = this._palette || makePalette();
      map.on("moveend zoomend resize viewreset", this._redraw, this);
      this._redraw();
    },

    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._redraw, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
    },

    _redraw: function () {
      var map = this._map;
      if (!map || !this._canvas) { return; }
      var size = map.getSize();
      var canvas = this._canvas;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x;
      canvas.height = size.y;
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.clearRect(0, 0, size.x, size.y);
      if (!this._points.length || !size.x || !size.y) { return; }
      var r = this.options.radius;
      var max = 1;
      this._points.forEach(function (p) { if (p[2] > max) { max = p[2]; } });
      var logMax = Math.log(1 + max);
      var stamp = this._stamp;
      this._points.forEach(function (p) {
        var pt = map.latLngToContainerPoint([p[0], p[1]]);
        if (pt.x < -r || pt.y < -r || pt.x > size.x + r || pt.y > size.y + r) { return; }
        // Log scale so one big cluster does not hide every small one; never fully transparent.
        ctx.globalAlpha = Math.max(0.12, Math.log(1 + p[2]) / logMax);
        ctx.drawImage(stamp, pt.x - r, pt.y - r);
      });
      this._colorize(ctx, size);
    },

    _colorize: function (ctx, size) {
      var image = ctx.getImageData(0, 0, size.x, size.y);
      var pixels = image.data;
      var palette = this._palette;
      var maxAlpha = Math.round(this.options.maxOpacity * 255);
      for (var i = 3; i < pixels.length; i += 4) {
        var a = pixels[i];
        if (!a) { continue; }
        var j = a * 4;
        pixels[i - 3] = palette[j];
        pixels[i - 2] = palette[j + 1];
        pixels[i - 1] = palette[j + 2];
        pixels[i] = Math.min(maxAlpha, a + 40);
      }
      ctx.putImageData(image, 0, 0);
    }
  });

  global.KharitaHeat = { HeatLayer: HeatLayer, heatLayer: function (p, o) { return new HeatLayer(p, o); } };
}(window));
