/* Load the search index when a reader first goes to search, not with every page.

   Material for MkDocs requests search/search_index.json as soon as any page
   loads. The index holds the text of every page: about 600 KB (gzip) at a
   thousand documents, which most readers of one page never use. This script
   runs before Material's and holds that one request back until the reader
   opens or focuses the search box (by click, tap, keyboard shortcut, or a
   ?q= address from the home page's search box). Material shows
   "Initializing search" meanwhile, then the results. Nothing else changes. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var wanted = false;
  var held = [];

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (send) { send(); });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.kbSearchIndex = INDEX.test(new URL(String(url), document.baseURI).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.kbSearchIndex || wanted) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  function inSearch(target) {
    return target instanceof Element && target.closest("[data-md-component=search], label[for=__search]") !== null;
  }
  // Focus reaches the search box however search is opened; a pointer on the
  // search button starts the download a moment before that.
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) want(); });
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) want(); });
  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.id === "__search" && event.target.checked) want();
  });
})();
