/* Kharita explore page: the side list of incidents in view (one page of 50), synced with the map by id. */
(function (global) {
  "use strict";

  var U = global.Kharita.util;
  var gettext = global.gettext || function (s) { return s; };
  var ngettext = global.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = global.interpolate || function (fmt, obj) {
    return fmt.replace(/%\(\w+\)s/g, function (m) { return String(obj[m.slice(2, -2)]); });
  };
  var PAGE_SIZE = 50;
  var EVIDENCE_CHARS = 140;

  /* elements: {list, summary, prev, next, page}; handlers: {select(feature), hover(feature, on), page(offset)}. */
  function IncidentList(elements, labels, handlers) {
    this.el = elements;
    this.labels = labels || {};
    this.handlers = handlers;
    this.features = [];
    this.total = 0;
    this.offset = 0;
    var self = this;
    elements.prev.addEventListener("click", function () { handlers.page(Math.max(0, self.offset - PAGE_SIZE)); });
    elements.next.addEventListener("click", function () { handlers.page(self.offset + PAGE_SIZE); });
  }

  IncidentList.PAGE_SIZE = PAGE_SIZE;

  IncidentList.prototype.item = function (feature) {
    var props = feature.properties || {};
    var self = this;
    var li = U.el("li", "incident-item");
    li.setAttribute("data-id", String(props.id));
    var button = U.el("button", "incident-item-button");
    button.type = "button";
    var head = U.el("span", "incident-item-head");
    var swatch = U.el("span", "swatch");
    swatch.style.backgroundColor = U.safeColor(props.color);
    swatch.setAttribute("aria-hidden", "true");
    head.appendChild(swatch);
    var typeName = props.sub_event_type || this.labels[props.event_type] || props.event_type;
    var type = U.el("span", "incident-item-type", typeName);
    type.dir = "auto";
    head.appendChild(type);
    button.appendChild(head);
    var meta = U.el("span", "incident-item-meta");
    meta.appendChild(U.el("span", "incident-item-date", props.date || gettext("date unknown")));
    if (props.location_name) {
      var place = U.el("span", "incident-item-place", props.location_name);
      place.dir = "auto";
      meta.appendChild(place);
    }
    button.appendChild(meta);
    if (props.evidence) {
      var text = String(props.evidence);
      var evidence = U.el("span", "incident-item-evidence",
                          text.length > EVIDENCE_CHARS ? text.slice(0, EVIDENCE_CHARS) + "…" : text);
      evidence.dir = "auto";
      button.appendChild(evidence);
    }
    button.addEventListener("click", function () { self.handlers.select(feature); });
    li.addEventListener("mouseenter", function () { self.handlers.hover(feature, true); });
    li.addEventListener("mouseleave", function () { self.handlers.hover(feature, false); });
    button.addEventListener("focus", function () { self.handlers.hover(feature, true); });
    button.addEventListener("blur", function () { self.handlers.hover(feature, false); });
    li.appendChild(button);
    return li;
  };

  IncidentList.prototype.show = function (data, offset) {
    var list = this.el.list;
    var self = this;
    this.features = Array.isArray(data.features) ? data.features : [];
    this.total = Number(data.total) || 0;
    this.offset = offset;
    // Keep keyboard focus on the same incident when the list is redrawn around it.
    var focused = document.activeElement && list.contains(document.activeElement)
      ? document.activeElement.closest("li[data-id]") : null;
    var focusedId = focused ? focused.getAttribute("data-id") : null;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    this.features.forEach(function (f) { if (f && f.properties) { list.appendChild(self.item(f)); } });
    var again = focusedId ? list.querySelector("li[data-id='" + focusedId + "'] button") : null;
    if (again) { again.focus({ preventScroll: true }); }
    list.start = offset + 1;
    var pages = Math.max(1, Math.ceil(this.total / PAGE_SIZE));
    var page = Math.floor(offset / PAGE_SIZE) + 1;
    this.el.summary.textContent = interpolate(
      ngettext("%(count)s incident in view", "%(count)s incidents in view", this.total), { count: this.total }, true);
    this.el.summary.setAttribute("data-total", String(this.total));
    this.el.page.textContent = interpolate(gettext("Page %(page)s of %(pages)s"), { page: page, pages: pages }, true);
    this.el.prev.disabled = offset <= 0;
    this.el.next.disabled = offset + PAGE_SIZE >= this.total;
  };

  IncidentList.prototype.failed = function (message) {
    this.el.summary.textContent = message;
  };

  IncidentList.prototype.mark = function (id, on) {
    var item = this.el.list.querySelector("li[data-id='" + String(Number(id)) + "']");
    if (item) { item.classList.toggle("is-hover", on); }
  };

  IncidentList.prototype.byId = function (id) {
    for (var i = 0; i < this.features.length; i++) {
      if (this.features[i].properties && this.features[i].properties.id === id) { return this.features[i]; }
    }
    return null;
  };

  global.KharitaIncidentList = IncidentList;
}(window));
