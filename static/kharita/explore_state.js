/* Kharita explore page: the page state (filters, time window, view, layers) in the form and in the URL. */
(function (global) {
  "use strict";

  // The filter parameters of the API contract, in its canonical order.
  var FILTERS = ["from", "to", "type", "sub_type", "actor", "governorate", "precision", "outlet",
                 "certainty_min", "q", "article", "synthetic", "place"];
  var MULTI = { type: true, sub_type: true, actor: true, governorate: true, precision: true, outlet: true };
  var LAYERS = ["incidents", "heat", "boundaries", "zones", "roads"];
  var DEFAULT_LAYERS = ["incidents"];
  var DAY_MS = 86400000;
  var WINDOW_RE = /^([1-9][0-9]{0,2})([dw])$/;

  function emptyFilters() {
    var filters = {};
    FILTERS.forEach(function (name) { filters[name] = MULTI[name] ? [] : ""; });
    return filters;
  }

  function fieldsNamed(form, name) {
    return Array.prototype.slice.call(form.querySelectorAll("[name='" + name + "']"));
  }

  /* The filters as the form shows them: arrays for repeatable parameters, trimmed strings otherwise. */
  function readForm(form) {
    var filters = emptyFilters();
    FILTERS.forEach(function (name) {
      var values = [];
      fieldsNamed(form, name).forEach(function (field) {
        if (field.type === "checkbox") {
          if (field.checked) { values.push(field.value); }
        } else if (field.tagName === "SELECT") {
          Array.prototype.forEach.call(field.options, function (o) {
            if (o.selected && o.value) { values.push(o.value); }
          });
        } else if (field.value.trim()) {
          values.push(field.value.trim());
        }
      });
      filters[name] = MULTI[name] ? values : (values[0] || "");
    });
    return filters;
  }

  /* Show `filters` in the form; a value the form has no option for gets one, so no state is lost. */
  function writeForm(form, filters) {
    FILTERS.forEach(function (name) {
      var wanted = MULTI[name] ? (filters[name] || []) : [filters[name] || ""];
      fieldsNamed(form, name).forEach(function (field) {
        if (field.type === "checkbox") {
          field.checked = wanted.indexOf(field.value) >= 0;
        } else if (field.tagName === "SELECT") {
          var present = {};
          Array.prototype.forEach.call(field.options, function (o) {
            o.selected = wanted.indexOf(o.value) >= 0;
            present[o.value] = true;
          });
          wanted.forEach(function (value) {
            if (value && !present[value]) { field.add(new Option(value, value, true, true)); }
          });
        } else {
          field.value = wanted[0] || "";
        }
      });
    });
  }

  /* Map {value: count} of [{value, count}]: values come from the data, so never plain-object keys. */
  function countsOf(items) {
    var counts = new Map();
    (Array.isArray(items) ? items : []).forEach(function (item) { counts.set(item.value, Number(item.count) || 0); });
    return counts;
  }

  function showOptionCount(option, n) {
    option.textContent = option.value + " (" + n + ")";
    option.classList.toggle("is-empty", !n);
  }

  /* Show the counts of a /api/facets.json answer beside the form's choices, in place: every choice keeps its
     place, its selection and its being selectable; one without incidents is greyed (is-empty). Text only
     (textContent): the values come from the data. A sub-type is counted under its option group's type
     (data-type), one outside any type under all of them. */
  function writeCounts(form, facets) {
    var types = Array.isArray(facets.types) ? facets.types : [];
    var typeCounts = countsOf(types);
    var subCounts = new Map();
    var anySub = new Map();
    types.forEach(function (t) {
      var subs = countsOf(t.sub_types);
      subCounts.set(t.value, subs);
      subs.forEach(function (n, value) { anySub.set(value, (anySub.get(value) || 0) + n); });
    });
    fieldsNamed(form, "type").forEach(function (box) {
      var n = typeCounts.get(box.value) || 0;
      var label = box.closest("label");
      var count = label && label.querySelector(".count");
      if (count) { count.textContent = String(n); }
      if (label) { label.classList.toggle("is-empty", !n); }
    });
    fieldsNamed(form, "sub_type").forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        var group = option.parentNode;
        var type = group.tagName === "OPTGROUP" ? group.getAttribute("data-type") : "";
        var counts = type ? (subCounts.get(type) || new Map()) : anySub;
        showOptionCount(option, counts.get(option.value) || 0);
      });
    });
    [["actor", "actors"], ["governorate", "governorates"], ["outlet", "outlets"]].forEach(function (facet) {
      var counts = countsOf(facets[facet[1]]);
      fieldsNamed(form, facet[0]).forEach(function (select) {
        Array.prototype.forEach.call(select.options, function (option) {
          showOptionCount(option, counts.get(option.value) || 0);
        });
      });
    });
  }

  function parseDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) { return null; }
    var ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return isNaN(ms) ? null : ms;
  }

  function formatDate(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function addDays(text, days) {
    return formatDate(parseDate(text) + days * DAY_MS);
  }

  function daysBetween(a, b) {
    return Math.round((parseDate(b) - parseDate(a)) / DAY_MS);
  }

  /* {size, unit} from "7d" / "2w"; the default is one week. */
  function parseWindow(text) {
    var m = WINDOW_RE.exec(text || "");
    return m ? { size: +m[1], unit: m[2] } : { size: 7, unit: "d" };
  }

  function windowText(win) {
    return win.size + win.unit;
  }

  function windowDays(win) {
    return win.size * (win.unit === "w" ? 7 : 1);
  }

  /* The filters the map shows: the form's, narrowed to the time window ending on `t` when one is set. */
  function effectiveFilters(state) {
    var filters = {};
    FILTERS.forEach(function (name) { filters[name] = state.filters[name]; });
    if (state.t) {
      var start = addDays(state.t, 1 - windowDays(state.win));
      if (!filters.from || filters.from < start) { filters.from = start; }
      if (!filters.to || filters.to > state.t) { filters.to = state.t; }
    }
    return filters;
  }

  function appendFilters(params, filters) {
    FILTERS.forEach(function (name) {
      var value = filters[name];
      if (MULTI[name]) {
        (value || []).slice().sort().forEach(function (v) { params.append(name, v); });
      } else if (value) {
        params.append(name, value);
      }
    });
    return params;
  }

  function filterQuery(filters) {
    return appendFilters(new URLSearchParams(), filters).toString();
  }

  function sameLayers(a, b) {
    return a.slice().sort().join(",") === b.slice().sort().join(",");
  }

  /* The page URL's query: the filters, the time window, the view and the layers. */
  function pageQuery(state) {
    var params = appendFilters(new URLSearchParams(), state.filters);
    if (state.t) {
      params.append("t", state.t);
      params.append("w", windowText(state.win));
    }
    if (state.view) {
      params.append("z", String(state.view.zoom));
      params.append("c", state.view.lat.toFixed(5) + "," + state.view.lng.toFixed(5));
    }
    if (!sameLayers(state.layers, DEFAULT_LAYERS)) { params.append("layers", state.layers.join(",")); }
    return params.toString();
  }

  /* The state a page URL describes (values the server already validated on page load). */
  function parseQuery(search) {
    var params = new URLSearchParams(search);
    var filters = emptyFilters();
    FILTERS.forEach(function (name) {
      var values = params.getAll(name).map(function (v) { return v.trim(); }).filter(Boolean);
      filters[name] = MULTI[name] ? values : (values[values.length - 1] || "");
    });
    var view = null;
    var center = (params.get("c") || "").split(",");
    if (params.get("z") !== null && center.length === 2) {
      view = { zoom: +params.get("z"), lat: +center[0], lng: +center[1] };
      if (![view.zoom, view.lat, view.lng].every(isFinite)) { view = null; }
    }
    var layers = params.has("layers")
      ? params.get("layers").split(",").filter(function (l) { return LAYERS.indexOf(l) >= 0; })
      : DEFAULT_LAYERS.slice();
    return { filters: filters, t: parseDate(params.get("t")) ? params.get("t") : "",
             win: parseWindow(params.get("w")), view: view, layers: layers };
  }

  global.KharitaExploreState = {
    FILTERS: FILTERS, LAYERS: LAYERS, DEFAULT_LAYERS: DEFAULT_LAYERS,
    readForm: readForm, writeForm: writeForm, writeCounts: writeCounts, effectiveFilters: effectiveFilters, filterQuery: filterQuery,
    pageQuery: pageQuery, parseQuery: parseQuery, parseWindow: parseWindow, windowText: windowText,
    windowDays: windowDays, parseDate: parseDate, formatDate: formatDate, addDays: addDays, daysBetween: daysBetween
  };
}(window));
