/* The search dialog's inside (kb.search), loaded by search.js on first use.

   Uses Pagefind's JavaScript API (pagefind/pagefind.js, made by the build) without
   its web worker, and draws the filters and results in the site's own markup.
   Every value from the index is set as text (textContent), never as HTML; the
   only markup taken from an excerpt is Pagefind's <mark> around matched words,
   rebuilt here as elements.

   Filters: status (current documents unless the reader asks for others), type,
   UK nation (a document for all four nations has all four), topic and audience.
   Within a group any ticked value matches; between groups all must. */
(function () {
  "use strict";
  var assets = new URL("../", document.currentScript.src); // .../assets/
  var site = new URL("../", assets); // the site's base
  var GROUPS = [
    ["status", "Status"],
    ["type", "Type"],
    ["nation", "UK nation"],
    ["topic", "Topic"],
    ["audience", "Audience"],
  ];
  var DEFAULT_STATUSES = ["Current", "Under consultation"]; // kb.search.fields.CURRENT_STATUSES
  var ORDER = { status: ["Current", "Under consultation", "Superseded", "Withdrawn"],
    nation: ["England", "Scotland", "Wales", "Northern Ireland"] };
  var FIRST = 5; // results drawn first: each needs its own fragment of the index (kb.search.weight)
  var MORE = 10; // results added by "Show more results"
  var pagefind = null;
  var everyFilter = false; // every filter file loaded, so every group has its counts (when the filters are opened)
  var state = null;
  var dialog = null;
  var parts = null;
  var run = 0; // the newest search; older answers are dropped

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function loadPagefind() {
    if (pagefind) return Promise.resolve(pagefind);
    return import(new URL("pagefind/pagefind.js", site).href).then(function (module) {
      return module.options({ basePath: new URL("pagefind/", site).pathname, baseUrl: site.pathname,
        noWorker: true, excerptLength: 24 }).then(function () { return module.init(); })
        .then(function () { pagefind = module; return module; });
    });
  }

  function freshState(asked) {
    var chosen = {};
    GROUPS.forEach(function (group) { chosen[group[0]] = new Set(asked[group[0]] || []); });
    if (!asked.status) DEFAULT_STATUSES.forEach(function (value) { chosen.status.add(value); });
    return { query: asked.q || "", chosen: chosen, sort: asked.sort === "updated" ? "updated" : "relevance",
      shown: FIRST, results: [] };
  }

  function pagefindFilters(leaveOut) {
    var filters = {};
    Object.keys(state.chosen).forEach(function (name) {
      if (state.chosen[name].size && name !== leaveOut) filters[name] = { any: Array.from(state.chosen[name]) };
    });
    return filters;
  }

  // A group's counts say what ticking each of its values would add: counted without the group's own choice.
  function groupCounts(query, found) {
    var counts = Object.assign({}, found.filters || {});
    var chosen = GROUPS.filter(function (group) { return state.chosen[group[0]].size > 0; });
    return Promise.all(chosen.map(function (group) {
      var name = group[0];
      return pagefind.search(query, { filters: pagefindFilters(name) }).then(function (without) {
        counts[name] = (without && without.filters && without.filters[name]) || counts[name] || {};
      });
    })).then(function () { return counts; });
  }

  function asking() {
    return state.query.trim() !== "" || GROUPS.some(function (group) {
      var chosen = state.chosen[group[0]];
      return group[0] === "status" ? !sameSet(chosen, DEFAULT_STATUSES) : chosen.size > 0;
    });
  }

  function sameSet(set, values) {
    return set.size === values.length && values.every(function (value) { return set.has(value); });
  }

  function search() {
    var mine = ++run;
    var options = { filters: pagefindFilters() };
    if (state.sort === "updated") options.sort = { updated: "desc" };
    var query = state.query.trim() || null;
    if (!asking()) {
      return (everyFilter ? pagefind.filters() : Promise.resolve({})).then(function (counts) {
        if (mine !== run) return;
        state.results = [];
        drawFilters(counts || {});
        say("Type a few words, or choose a filter.");
        drawResults();
      });
    }
    return pagefind.search(query, options).then(function (found) {
      return found ? groupCounts(query, found).then(function (counts) { return [found, counts]; }) : null;
    }).then(function (answer) {
      if (mine !== run || !answer) return;
      var found = answer[0];
      state.results = found.results;
      state.shown = FIRST;
      drawFilters(answer[1]);
      var count = found.results.length;
      var words = query ? " for \u201c" + query + "\u201d" : "";
      say(count === 0 ? "No results" + words + ". Try other words, or fewer filters."
        : count + (count === 1 ? " result" : " results") + words + ".");
      drawResults();
    });
  }

  // A search loads only the filter files it filters by; the others (about 10 KB at 1,000 documents) are
  // loaded when the reader opens the filters, which then show a count for every value.
  function loadEveryFilter() {
    if (everyFilter) return Promise.resolve();
    return pagefind.filters().then(function () { everyFilter = true; });
  }

  function say(text) {
    parts.status.textContent = text;
  }

  function sortedValues(name, counts) {
    var values = Object.keys(counts);
    state.chosen[name].forEach(function (value) { if (values.indexOf(value) < 0) values.push(value); });
    var order = ORDER[name];
    return values.sort(function (a, b) {
      if (order) return (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99);
      return a.localeCompare(b, "en-GB");
    });
  }

  function drawFilters(counts) {
    var active = document.activeElement;
    var focused = active && active.id;
    var onTitle = active && active.classList && active.classList.contains("kb-search__filters-title");
    var previous = parts.filters.querySelector("details");
    // Folded until the reader asks for them (beside the results on a wide screen, above them on a phone).
    var open = previous ? previous.open : false;
    parts.filters.replaceChildren();
    var box = element("details", "kb-search__filter-box");
    box.open = open;
    var title = element("summary", "kb-search__filters-title", "Filters and order" + chosenText());
    box.appendChild(title);
    box.addEventListener("toggle", function () {
      if (box.open && !everyFilter) {
        loadEveryFilter().then(search, function () {
          say("The filters could not be loaded. Check your connection and try again.");
        });
      }
    });
    parts.filters.appendChild(box);
    if (onTitle) title.focus();
    box.appendChild(sortControl());
    GROUPS.forEach(function (group) {
      var name = group[0];
      var values = sortedValues(name, counts[name] || {});
      if (!values.length) return;
      var set = element("fieldset", "kb-search__group");
      set.appendChild(element("legend", "", group[1]));
      values.forEach(function (value, index) {
        var id = "kb-search-" + name + "-" + index;
        var tick = element("input");
        tick.type = "checkbox";
        tick.id = id;
        tick.checked = state.chosen[name].has(value);
        tick.addEventListener("change", function () {
          if (tick.checked) state.chosen[name].add(value); else state.chosen[name].delete(value);
          search();
        });
        var label = element("label", "", value + " ");
        label.htmlFor = id;
        var count = (counts[name] || {})[value] || 0;
        label.appendChild(element("span", "kb-search__count", "(" + count + ")"));
        var row = element("div", "kb-search__option");
        row.append(tick, label);
        set.appendChild(row);
      });
      box.appendChild(set);
    });
    if (focused) {
      var again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  // What is chosen, in words: ": Wales, Guidance" (the statuses only when they are not the usual ones).
  function chosenText() {
    var values = [];
    GROUPS.forEach(function (group) {
      var chosen = state.chosen[group[0]];
      if (group[0] === "status" && sameSet(chosen, DEFAULT_STATUSES)) return;
      chosen.forEach(function (value) { values.push(value); });
    });
    return values.length ? ": " + values.join(", ") : "";
  }

  function sortControl() {
    var row = element("div", "kb-search__sort");
    var label = element("label", "", "Sort by ");
    label.htmlFor = "kb-search-sort";
    var select = element("select");
    select.id = "kb-search-sort";
    [["relevance", "Relevance"], ["updated", "Date updated, newest first"]].forEach(function (choice) {
      var option = element("option", "", choice[1]);
      option.value = choice[0];
      option.selected = state.sort === choice[0];
      select.appendChild(option);
    });
    select.addEventListener("change", function () { state.sort = select.value; search(); });
    row.append(label, select);
    return row;
  }

  function drawResults() {
    var list = parts.results;
    list.replaceChildren();
    var shown = state.results.slice(0, state.shown);
    var items = shown.map(function () {
      var item = element("li", "kb-search__result");
      list.appendChild(item);
      return item;
    });
    var mine = run;
    Promise.all(shown.map(function (result) { return result.data(); })).then(function (data) {
      if (mine !== run) return;
      data.forEach(function (page, index) { drawResult(items[index], page); });
      if (state.results.length > state.shown) {
        var more = element("button", "md-button kb-search__more", "Show more results");
        more.type = "button";
        more.addEventListener("click", function () {
          var first = state.shown;
          state.shown += MORE;
          drawResults();
          setTimeout(function () {
            var link = parts.results.querySelectorAll(".kb-search__link")[first];
            if (link) link.focus();
          }, 50);
        });
        var last = element("li", "kb-search__more-row");
        last.appendChild(more);
        list.appendChild(last);
      }
    });
  }

  function drawResult(item, page) {
    var meta = page.meta || {};
    var heading = element("h3", "kb-search__result-title");
    var link = element("a", "kb-search__link", meta.title || page.url);
    link.href = page.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(details(meta));
    item.appendChild(excerpt(page.excerpt, "kb-search__excerpt"));
    var sections = (page.sub_results || []).filter(function (sub) {
      return sub.url.indexOf("#") > 0 && sub.title !== meta.title; // a heading's own hit, not the page's title
    }).slice(0, 3);
    if (sections.length) {
      var list = element("ul", "kb-search__sections");
      list.setAttribute("aria-label", "Sections of " + (meta.title || "this page"));
      sections.forEach(function (sub) {
        var row = element("li");
        var to = element("a", "kb-search__link kb-search__section", sub.title);
        to.href = sub.url;
        row.append(to, excerpt(sub.excerpt, "kb-search__excerpt"));
        list.appendChild(row);
      });
      item.appendChild(list);
    }
  }

  function details(meta) {
    var line = element("p", "kb-search__details");
    if (meta.type) line.appendChild(element("span", "kb-search__type", meta.type));
    if (meta.status) {
      var kind = meta.status.toLowerCase().replace(/[^a-z]+/g, "-");
      line.appendChild(element("span", "kb-search__badge kb-search__badge--" + kind, meta.status));
    }
    if (meta.nations) line.appendChild(element("span", "kb-search__nations", meta.nations));
    if (meta.updated) {
      var when = element("time", "kb-search__date", "Updated " + longDate(meta.updated));
      when.dateTime = meta.updated;
      line.appendChild(when);
    }
    return line;
  }

  function longDate(iso) {
    var parsed = new Date(iso + "T12:00:00Z");
    if (isNaN(parsed)) return iso;
    return parsed.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  // Pagefind's excerpt is escaped text with <mark> around matched words: rebuilt as text and <mark> elements.
  function excerpt(html, className) {
    var paragraph = element("p", className);
    var marked = false;
    String(html || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      var text = unescapeText(part);
      if (text) paragraph.appendChild(marked ? element("mark", "", text) : document.createTextNode(text));
    });
    return paragraph;
  }

  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'", "&apos;": "'" };

  function unescapeText(text) {
    return text.replace(/&(?:amp|lt|gt|quot|#39|#x27|apos);/g, function (entity) { return ENTITIES[entity]; });
  }

  // Arrow keys move between the box and the results' links; Tab moves as everywhere else.
  function onKey(event) {
    event.stopPropagation(); // the theme's own shortcuts (n, p ...) stay out of the dialog
    if (event.key === "Escape") { // at once, even from a search box with words in it (which Esc would only clear)
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(parts.results.querySelectorAll(".kb-search__link"));
    var stops = [parts.input].concat(links);
    var at = stops.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    var next = Math.max(0, Math.min(stops.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
    stops[next].focus();
  }

  function setUp(given) {
    dialog = given;
    parts = {
      input: dialog.querySelector(".kb-search__input"),
      filters: dialog.querySelector(".kb-search__filters"),
      status: dialog.querySelector(".kb-search__status"),
      results: dialog.querySelector(".kb-search__results"),
    };
    var timer = null;
    parts.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.query = parts.input.value; search(); }, 300); // fewer half-typed words
    });
    dialog.querySelector(".kb-search__form").addEventListener("submit", function () {
      clearTimeout(timer);
      state.query = parts.input.value;
      search();
    });
    dialog.addEventListener("keydown", onKey);
    dialog.querySelector(".kb-search__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target instanceof Element && event.target.closest(".kb-search__results a")) dialog.close();
    });
  }

  function start(given, asked) {
    if (dialog !== given) setUp(given);
    var fresh = Object.keys(asked).length > 0;
    if (!state || fresh) state = freshState(asked);
    if (fresh) parts.input.value = state.query;
    else state.query = parts.input.value; // typed while search was loading
    parts.input.focus();
    say("Loading search\u2026");
    loadPagefind().then(search, function () {
      say("Search could not be loaded. Check your connection and try again.");
    });
  }

  window.kbSearch = { start: start };
})();
