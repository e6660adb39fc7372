// Narrows the enumeration index as one types: by enum, value or message name (case-insensitive).
(function () {
  function setup() {
    var input = document.getElementById("enum-filter");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    var changed = document.getElementById("enum-filter-changed");
    var count = document.getElementById("enum-filter-count");
    var empty = document.getElementById("enum-filter-empty");
    var rows = Array.prototype.slice.call(document.querySelectorAll(".ocpp-index table tbody tr"));
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-filter");
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
          (!changed.checked || row.getAttribute("data-changed") === "true");
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + " of " + rows.length + " enumerations";
      empty.hidden = shown !== 0;
      var params = new URLSearchParams(window.location.search);
      if (input.value) params.set("q", input.value); else params.delete("q");
      if (changed.checked) params.set("changed", "1"); else params.delete("changed");
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
    var initial = new URLSearchParams(window.location.search);
    input.value = initial.get("q") || "";
    changed.checked = initial.get("changed") === "1";
    input.addEventListener("input", apply);
    changed.addEventListener("change", apply);
    if (input.value || changed.checked) apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
