/* Kharita explore page: the time slider (a window of N days or weeks ending on `t`), its play button and histogram. */
(function (global) {
  "use strict";

  var S = global.KharitaExploreState;
  var gettext = global.gettext || function (s) { return s; };
  var interpolate = global.interpolate || function (fmt, obj) {
    return fmt.replace(/%\(\w+\)s/g, function (m) { return String(obj[m.slice(2, -2)]); });
  };
  var PLAY_MS = 1200;

  /* elements: {slider, play, clear, size, unit, label, histogram}; onChange(t, win) after every change. */
  function TimeSlider(elements, onChange) {
    this.el = elements;
    this.onChange = onChange;
    this.min = null;
    this.max = null;
    this.t = "";
    this.win = { size: 7, unit: "d" };
    this.series = [];
    this.timer = null;
    var self = this;
    elements.slider.addEventListener("input", function () { self.setT(self.dateAt(+elements.slider.value), true); });
    elements.play.addEventListener("click", function () { self.toggle(); });
    elements.clear.addEventListener("click", function () { self.pause(); self.setT("", true); });
    elements.size.addEventListener("change", function () { self.readWindow(); });
    elements.unit.addEventListener("change", function () { self.readWindow(); });
    elements.slider.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "k") { event.preventDefault(); self.toggle(); return; }
      // With "all dates" the thumb rests at the end, where End or → change nothing: start the window there.
      if (/^(Arrow|Page|Home|End)/.test(event.key) && !self.t) {
        global.setTimeout(function () {
          if (!self.t && self.min) { self.setT(self.dateAt(+elements.slider.value), true); }
        }, 0);
      }
    });
    elements.slider.addEventListener("pointerup", function () {
      if (!self.t && self.min) { self.setT(self.dateAt(+elements.slider.value), true); }
    });
    global.addEventListener("resize", function () { self.drawHistogram(); });
  }

  TimeSlider.prototype.dateAt = function (index) {
    return S.addDays(this.min, index);
  };

  TimeSlider.prototype.readWindow = function () {
    var size = parseInt(this.el.size.value, 10);
    if (!(size >= 1 && size <= 999)) { size = this.win.size; }
    this.win = { size: size, unit: this.el.unit.value === "w" ? "w" : "d" };
    this.el.size.value = String(size);
    this.render();
    this.onChange(this.t, this.win);
  };

  /* The date range the slider covers (the filter's from/to, else the data's first and last dates). */
  TimeSlider.prototype.setBounds = function (min, max) {
    this.min = min || null;
    this.max = max || null;
    var usable = Boolean(this.min && this.max && this.min <= this.max);
    [this.el.slider, this.el.play, this.el.clear, this.el.size, this.el.unit].forEach(function (e) {
      e.disabled = !usable;
    });
    if (!usable) {
      this.pause();
      this.t = "";
    } else {
      this.el.slider.min = "0";
      this.el.slider.max = String(S.daysBetween(this.min, this.max));
      if (this.t && this.t < this.min) { this.t = this.min; }
      if (this.t && this.t > this.max) { this.t = this.max; }
    }
    this.render();
  };

  TimeSlider.prototype.setState = function (t, win) {
    this.t = t || "";
    this.win = win;
    this.el.size.value = String(win.size);
    this.el.unit.value = win.unit;
    this.render();
  };

  TimeSlider.prototype.setT = function (t, notify) {
    if (t && this.min && t < this.min) { t = this.min; }
    if (t && this.max && t > this.max) { t = this.max; }
    this.t = t || "";
    this.render();
    if (notify) { this.onChange(this.t, this.win); }
  };

  TimeSlider.prototype.windowStart = function () {
    var start = S.addDays(this.t, 1 - S.windowDays(this.win));
    return this.min && start < this.min ? this.min : start;
  };

  TimeSlider.prototype.label = function () {
    if (!this.min) { return gettext("No dated incidents"); }
    if (!this.t) { return gettext("All dates"); }
    return interpolate(gettext("%(start)s to %(end)s"), { start: this.windowStart(), end: this.t }, true);
  };

  TimeSlider.prototype.render = function () {
    var el = this.el;
    if (this.min) {
      el.slider.value = String(S.daysBetween(this.min, this.t || this.max));
    }
    var text = this.label();
    el.label.textContent = text;
    el.slider.setAttribute("aria-valuetext", text);
    el.slider.classList.toggle("is-active", Boolean(this.t));
    var playing = Boolean(this.timer);
    el.play.setAttribute("aria-pressed", playing ? "true" : "false");
    el.play.textContent = playing ? gettext("Pause") : gettext("Play");
    el.clear.disabled = !this.t;
    this.drawHistogram();
  };

  TimeSlider.prototype.toggle = function () {
    if (this.timer) { this.pause(); } else { this.play(); }
  };

  TimeSlider.prototype.play = function () {
    if (!this.min || this.timer) { return; }
    var self = this;
    var days = S.windowDays(this.win);
    if (!this.t || this.t >= this.max) {
      var first = S.addDays(this.min, days - 1);
      this.setT(first > this.max ? this.max : first, true);
    }
    this.timer = global.setInterval(function () { self.step(); }, PLAY_MS);
    this.render();
  };

  TimeSlider.prototype.pause = function () {
    if (this.timer) { global.clearInterval(this.timer); }
    this.timer = null;
    if (this.el) { this.render(); }
  };

  /* One step forward by the window's unit (a day or a week); stops at the end of the range. */
  TimeSlider.prototype.step = function () {
    var next = S.addDays(this.t || this.min, this.win.unit === "w" ? 7 : 1);
    if (next > this.max) { next = this.max; }
    this.setT(next, true);
    if (next >= this.max) { this.pause(); }
  };

  TimeSlider.prototype.setSeries = function (series) {
    this.series = Array.isArray(series) ? series : [];
    this.drawHistogram();
  };

  TimeSlider.prototype.drawHistogram = function () {
    var canvas = this.el.histogram;
    if (!this.min || !this.series.length) {
      // Nothing to draw (the timeline is not loaded yet): no size read, so no forced layout while the page starts.
      if (this.drawn) { canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height); }
      this.drawn = false;
      return;
    }
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    if (!width || !height) { return; }
    var ratio = global.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio)) { canvas.width = Math.round(width * ratio); }
    if (canvas.height !== Math.round(height * ratio)) { canvas.height = Math.round(height * ratio); }
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.drawn = true;
    var span = Math.max(1, S.daysBetween(this.min, this.max) + 1);
    var max = 1;
    this.series.forEach(function (s) { if (s.count > max) { max = s.count; } });
    var start = this.t ? this.windowStart() : null;
    var self = this;
    this.series.forEach(function (s, i) {
      var nextPeriod = i + 1 < self.series.length ? self.series[i + 1].period : S.addDays(self.max, 1);
      var x0 = Math.max(0, S.daysBetween(self.min, s.period)) / span * width;
      var x1 = Math.min(span, S.daysBetween(self.min, nextPeriod)) / span * width;
      var h = Math.max(1, s.count / max * (height - 2));
      var inWindow = start && s.period <= self.t && nextPeriod > start;
      ctx.fillStyle = inWindow ? "#0b5d7a" : "#9fb3bd";
      ctx.fillRect(x0, height - h, Math.max(1, x1 - x0 - 0.5), h);
    });
  };

  global.KharitaTimeSlider = TimeSlider;
}(window));
