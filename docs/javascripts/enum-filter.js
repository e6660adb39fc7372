// Narrows the enumeration index (and the code lists' table below it) as one types: by enum, value or message name, by an OCPP 1.6 type or
// value that maps to the enum, or by a word of a value's explanation (case-insensitive), and says
// under each name what matched.
(function () {
  function setup() {
    var input = document.getElementById("enum-filter");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    var changed = document.getElementById("enum-filter-changed");
    var count = document.getElementById("enum-filter-count");
    var empty = document.getElementById("enum-filter-empty");
    var rows = Array.prototype.slice.call(document.querySelectorAll(".ocpp-index table tbody tr, .ocpp-codelist-index table tbody tr"));
    var listCount = document.getElementById("codelist-filter-count");
    // Each row's explanations, [[value, lower-case text, text], ...], from explanations.json (written
    // by the build; fetched when the filter is first used, so the page itself stays light).
    rows.forEach(function (row) { row.explained = []; row.explainedText = ""; });
    var loading = null;
    function loadExplanations() {
      if (loading) return loading;
      loading = fetch(input.getAttribute("data-explanations")).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (all) {
        rows.forEach(function (row) {
          row.explained = (all[row.cells[0].querySelector("a").textContent] || []).map(function (e) { return [e[0], e[1].toLowerCase(), e[1]]; });
          row.explainedText = row.explained.map(function (e) { return e[1]; }).join("\n");
        });
        if (input.value) apply();
      }).catch(function () {});  // without it, the filter still matches every name
      return loading;
    }
    function matches(row, w) {
      return row.getAttribute("data-filter").indexOf(w) !== -1 || row.explainedText.indexOf(w) !== -1;
    }
    // Under the enumeration's name, what matched when the name itself did not: the value (linked
    // to its anchor) or the message (linked to the "Used in" section).
    function explain(row, words) {
      var cell = row.cells[0];
      var old = cell.querySelector(".ocpp-filter-hint");
      if (old) old.remove();
      var link = cell.querySelector("a");
      var name = link.textContent.toLowerCase();
      var found = null;
      // Words that no name matched were found in an explanation: name the value that explains them all.
      var prose = words.filter(function (w) { return row.getAttribute("data-filter").indexOf(w) === -1; });
      if (prose.length) {
        var best = row.explained.filter(function (e) { return prose.every(function (w) { return e[1].indexOf(w) !== -1; }); })[0] ||
          row.explained.filter(function (e) { return prose.some(function (w) { return e[1].indexOf(w) !== -1; }); })[0];
        if (best) {
          // A few words around the first match, so the reader sees why this value came up.
          var at = best[1].indexOf(prose.filter(function (w) { return best[1].indexOf(w) !== -1; })[0]);
          var from = Math.max(0, best[2].lastIndexOf(" ", Math.max(0, at - 30)));
          var excerpt = (from ? "…" : "") + best[2].slice(from, at + 60).trim() + (at + 60 < best[2].length ? "…" : "");
          found = ["explanation of", best[0], "#" + best[0], excerpt];
        }
      }
      if (!found) words.some(function (w) {
        if (name.indexOf(w) !== -1) return false;
        // A 1.6 name ("ChargePointStatus.Preparing") leads to the enum page's "In OCPP 1.6" section.
        [["value", "data-values", "#"], ["message", "data-messages", "#used-in"], ["OCPP 1.6", "data-ocpp16", "#in-ocpp-16"],
         ["device-model variable", "data-variables", "#used-in-device-model"]].some(function (kind) {
          var names = (row.getAttribute(kind[1]) || "").split(" ").filter(Boolean);
          var hit = names.filter(function (n) { return n.toLowerCase() === w; })[0] ||
            names.filter(function (n) { return n.toLowerCase().indexOf(w) !== -1; })[0];
          if (hit) found = [kind[0], hit, kind[2] === "#" ? "#" + hit : kind[2]];
          return Boolean(hit);
        });
        return Boolean(found);
      });
      if (!found) return;
      var hint = document.createElement("div");
      hint.className = "ocpp-filter-hint";
      var target = document.createElement("a");
      target.href = link.getAttribute("href") + found[2];
      var code = document.createElement("code");
      code.textContent = found[1];
      target.appendChild(code);
      hint.appendChild(document.createTextNode(found[0] + " "));
      hint.appendChild(target);
      if (found[3]) {
        var excerpt = document.createElement("span");
        excerpt.className = "ocpp-filter-excerpt";
        excerpt.textContent = ": " + found[3];
        hint.appendChild(excerpt);
      }
      cell.appendChild(hint);
    }
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0, lists = 0, listsShown = 0;
      rows.forEach(function (row) {
        var ok = words.every(function (w) { return matches(row, w); }) &&
          (!changed.checked || row.getAttribute("data-changed") === "true");
        row.hidden = !ok;
        var isList = Boolean(row.closest(".ocpp-codelist-index"));
        if (isList) { lists++; if (ok) listsShown++; } else if (ok) shown++;
        explain(row, ok ? words : []);
      });
      count.textContent = shown + " of " + (rows.length - lists) + " enumerations";
      if (listCount) listCount.textContent = listsShown + " of " + lists + " code lists";
      empty.hidden = shown + listsShown !== 0;
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
    input.addEventListener("input", loadExplanations);
    input.addEventListener("focus", loadExplanations);
    changed.addEventListener("change", apply);
    if (input.value || changed.checked) apply();
    if (input.value) loadExplanations();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
