// Incident archive: client-side filters on the timeline, and absolute permalinks in citations.
// Reads only data-* attributes the site wrote (slugs), and writes only textContent and styles.
(function () {
  "use strict";

  function setUpFilters() {
    var form = document.querySelector(".ia-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var items = Array.prototype.slice.call(document.querySelectorAll(".ia-timeline .ia-item"));
    var bars = Array.prototype.slice.call(document.querySelectorAll(".ia-chart .ia-bar"));
    var count = form.querySelector(".ia-count");

    function apply() {
      var wanted = selects
        .filter(function (s) { return s.value; })
        .map(function (s) { return [s.dataset.facet, s.value]; });
      var perMonth = {};
      var shown = 0;
      items.forEach(function (item) {
        var ok = wanted.every(function (w) {
          return (" " + (item.getAttribute("data-" + w[0]) || "") + " ").indexOf(" " + w[1] + " ") >= 0;
        });
        item.hidden = !ok;
        if (ok) {
          shown += 1;
          var m = item.getAttribute("data-month");
          perMonth[m] = (perMonth[m] || 0) + 1;
        }
      });
      document.querySelectorAll(".ia-timeline .ia-month, .ia-timeline .ia-year").forEach(function (s) {
        s.hidden = !s.querySelector(".ia-item:not([hidden])");
      });
      var top = 0;
      bars.forEach(function (b) { top = Math.max(top, perMonth[b.dataset.month] || 0); });
      bars.forEach(function (b) {
        var n = perMonth[b.dataset.month] || 0;
        b.firstElementChild.style.height = (top ? (100 * n) / top : 0) + "%";
        b.title = b.dataset.month + ": " + n;
      });
      if (count) count.textContent = "Showing " + shown + " of " + items.length;
      var hash = wanted.map(function (w) { return w[0] + "=" + encodeURIComponent(w[1]); }).join("&");
      if (history.replaceState) history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }

    // Filters can come in the address: #place=baghdad-iraq&weapon=rocket
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var kv = pair.split("=");
      var select = form.querySelector('select[data-facet="' + (kv[0] || "").replace(/[^a-z]/g, "") + '"]');
      if (select && kv[1]) select.value = decodeURIComponent(kv[1]);
    });
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    if (wantedAny()) apply();

    function wantedAny() { return selects.some(function (s) { return s.value; }); }
  }

  function absolutePermalinks() {
    var link = document.querySelector("a.ia-permalink");
    var text = document.querySelector(".ia-permalink-text");
    if (!link) return;
    var absolute = new URL(link.getAttribute("href"), location.href).href;
    link.textContent = absolute;
    if (text) text.textContent = absolute;
  }

  function ready() { setUpFilters(); absolutePermalinks(); }
  // Material's instant navigation swaps pages without a load event.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(ready);
  else if (document.readyState !== "loading") ready();
  else document.addEventListener("DOMContentLoaded", ready);
})();
