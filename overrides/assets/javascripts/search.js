/* Search (kb.search): open the search dialog, and load the search itself only then.

   Every page has this small script and the empty dialog (partials/search.html).
   Nothing else of search is downloaded until a reader asks for it: the header's
   search button, the / key, a page's own search box (home and "not found"
   pages), or an address that asks for a search (?q=words, or a filter such as
   ?nation=Wales from a listing's link). Then it loads search.css and
   search-ui.js, which loads Pagefind and the index chunks it needs. */
(function () {
  "use strict";
  var assets = new URL("./", document.currentScript.src); // .../assets/javascripts/
  var ASKS = ["q", "type", "nation", "topic", "audience", "status", "sort"];
  var loading = null;

  function add(element) {
    return new Promise(function (resolve, reject) {
      element.addEventListener("load", resolve);
      element.addEventListener("error", reject);
      document.head.appendChild(element);
    });
  }

  function load() {
    if (loading) return loading;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("../stylesheets/search.css", assets).href;
    var script = document.createElement("script");
    script.src = new URL("search-ui.js", assets).href;
    loading = Promise.all([add(style), add(script)]).then(function () { return window.kbSearch; });
    return loading;
  }

  function open(asked) {
    var dialog = document.getElementById("kb-search");
    if (!dialog) return;
    if (!dialog.open) dialog.showModal(); // at once, so that what the reader types next goes into its box
    var box = dialog.querySelector(".kb-search__input");
    if (box) box.focus();
    load().then(function (search) {
      search.start(dialog, asked || {});
    }, function () {
      loading = null; // offline for a moment: the next try loads again
    });
  }

  function typing(target) {
    return target instanceof Element && (target.closest("input, select, textarea, [contenteditable]") !== null);
  }

  document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest(".kb-search-open")) open({});
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    event.preventDefault();
    open({});
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches(".kb-search-box, .kb-search__form")) return;
    event.preventDefault(); // the dialog's own box searches as it is typed in (search-ui.js)
    if (form.matches(".kb-search-box")) open({ q: String(new FormData(form).get("q") || "") });
  });

  var params = new URLSearchParams(location.search);
  var asked = {};
  ASKS.forEach(function (name) { if (params.has(name)) asked[name] = params.getAll(name); });
  if (Object.keys(asked).length) {
    if (asked.q) asked.q = asked.q[0];
    if (asked.sort) asked.sort = asked.sort[0];
    open(asked);
  }
})();
