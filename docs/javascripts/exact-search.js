// Exact names first in site search. A query that is exactly a value, an enumeration, a message,
// a requirement or use-case ID (B03.FR.05, B03) or an OCPP 2.0.1 enumeration retired in 2.1 (any case; a leading "+", quotes or backticks ignored)
// gets one group at the top of Material's results, listing every enumeration that holds it, each
// link leading to the anchor. The names come from search-exact.json, written at build time from
// the data (macros/pages/exports.py); if it cannot be loaded, Material's own results stand alone.
(function () {
  var names = null;  // lower-case name -> [{kind, name, items: [[label, url], ...]}]
  var root = null;   // the site root, for the URLs in search-exact.json
  var loading = null;
  var ready = false;  // the names file has loaded, or failed to

  // URLs as the README documents them: enums/<Name>/#<value>, the "Used in" row, changes/#<Name>.
  function lookup(data) {
    var found = {};
    var kinds = ["value", "enum", "codelist", "message", "variable", "retired", "requirement", "usecase"];
    function add(keys, kind, name, label, url) {
      keys.forEach(function (k) {
        k = k.toLowerCase();
        var groups = found[k] = found[k] || [];
        var g = groups.filter(function (x) { return x.kind === kind && x.name === name; })[0];
        if (!g) groups.push(g = {kind: kind, name: name, items: []});
        g.items.push([label, url]);
      });
    }
    data.enums.forEach(function (e) {
      var name = e[0], short = name.replace(/EnumType$/, ""), page = "enums/" + name + "/";
      e[1].forEach(function (value) {
        add([value, name + "." + value, short + "." + value], "value", value, name, page + "#" + value);
      });
    });
    // Code values join the value groups after the enumerations holding the same name.
    (data.codelists || []).forEach(function (c) {
      var page = "codelists/" + c[0] + "/";
      c[1].forEach(function (value) {
        add([value, c[0] + "." + value], "value", value, c[0], page + "#" + value);
      });
    });
    data.enums.forEach(function (e) {
      add([e[0], e[0].replace(/EnumType$/, "")], "enum", e[0], e[0], "enums/" + e[0] + "/");
    });
    (data.codelists || []).forEach(function (c) {
      add([c[0]], "codelist", c[0], c[0], "codelists/" + c[0] + "/");
    });
    // A device-model variable ("TxStartPoint", "TxCtrlr.TxStartPoint") leads to the list of its values.
    (data.variables || []).forEach(function (v) {
      var variable = v[0].split(".")[1].replace(/\[.*$/, "");
      add([v[0], variable], "variable", variable, v[0] + " takes " + v[1], v[2] + "/" + v[1] + "/#used-in-device-model");
    });
    data.enums.forEach(function (e) {
      e[2].forEach(function (usage) {
        var message = usage[0], action = message.replace(/(Request|Response)$/, "");
        add([message, action], "message", message, e[0] + " · " + usage[1], "enums/" + e[0] + "/#used-in-" + message + "-" + usage[1]);
      });
    });
    data.retired.forEach(function (name) {
      add([name, name.replace(/EnumType$/, "")], "retired", name, name, "changes/#" + name);
    });
    // A requirement ID leads to its entry on the requirements page, then to each value it names;
    // a use-case ID to the use case, then to each of its requirements.
    (data.requirements || []).forEach(function (u) {
      add([u[0]], "usecase", u[0], u[0] + " " + u[1], "requirements/#" + u[0]);
      u[2].forEach(function (r) {
        add([u[0]], "usecase", u[0], r[0] + ": " + r[1].join(", "), "requirements/#" + r[0]);
        add([r[0]], "requirement", r[0], r[0] + " (" + u[0] + " " + u[1] + ")", "requirements/#" + r[0]);
        r[1].forEach(function (v) {
          var dot = v.indexOf(".");
          add([r[0]], "requirement", r[0], v, "enums/" + v.slice(0, dot) + "/#" + v.slice(dot + 1));
        });
      });
    });
    Object.keys(found).forEach(function (k) {
      found[k].sort(function (a, b) { return kinds.indexOf(a.kind) - kinds.indexOf(b.kind); });
    });
    return found;
  }

  function load() {
    if (loading) return loading;
    var config = document.getElementById("__config");
    root = new URL((config ? JSON.parse(config.textContent).base : ".") + "/", location.href);
    loading = fetch(new URL("search-exact.json", root)).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) { names = lookup(data); }).catch(function () { names = null; }).then(function () { ready = true; });
    return loading;
  }

  // The name as typed, without a leading "+", quotes or backticks: "+W" -> "W", "`Occupied`" -> "Occupied".
  function typedName(query) {
    return query.trim().replace(/^\+/, "").replace(/^["'`]+|["'`]+$/g, "").trim();
  }

  var TITLES = {
    value: function (g) {
      var lists = g.items.filter(function (i) { return i[1].indexOf("codelists/") === 0; }).length, enums = g.items.length - lists;
      var where = [enums ? enums + " enumeration" + (enums === 1 ? "" : "s") : "", lists ? lists + " code list" + (lists === 1 ? "" : "s") : ""].filter(Boolean).join(" and ");
      return g.items.length === 1 ? "Value in 1 " + (lists ? "code list" : "enumeration") : "Value in all " + where + " that hold it";
    },
    variable: function () { return "Device-model variable"; },
    codelist: function () { return "Code list"; },
    enum: function () { return "Enumeration"; },
    message: function (g) { return "Enumerations in " + g.name + " (" + g.items.length + " field" + (g.items.length === 1 ? "" : "s") + ")"; },
    retired: function () { return "OCPP 2.0.1 enumeration: a plain string in OCPP 2.1"; },
    requirement: function (g) { return "Requirement naming " + (g.items.length - 1) + " value" + (g.items.length === 2 ? "" : "s"); },
    usecase: function (g) { return "Use case with " + (g.items.length - 1) + " requirement" + (g.items.length === 2 ? "" : "s") + " naming values"; },
  };

  function link(url, heading, text, first) {
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(url, root).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    // Material's Enter key follows the first link with the highest score: this one.
    if (first) article.setAttribute("data-md-score", "1000000");
    var h = document.createElement(first ? "h1" : "h2");
    h.textContent = heading;
    article.appendChild(h);
    if (text) {
      var p = document.createElement("p");
      p.textContent = text;
      article.appendChild(p);
    }
    a.appendChild(article);
    return a;
  }

  // One result item per group: its first link is the first enumeration holding the name.
  function group(g) {
    var item = document.createElement("li");
    item.className = "md-search-result__item ocpp-exact";
    item.setAttribute("data-exact", g.kind);
    g.items.forEach(function (entry, index) {
      var heading = index === 0 ? g.name : entry[0];
      var text = index === 0 ? TITLES[g.kind](g) + ": " + entry[0] : "";
      item.appendChild(link(entry[1], heading, text, index === 0));
    });
    return item;
  }

  function render(list, input) {
    if (!ready) return;  // called again once the names are in
    var typed = typedName(input.value);
    var found = names && names[typed.toLowerCase()];
    // "Deauthorized" and "DeAuthorized" share a key: the group spelled as typed comes first.
    if (found) found = found.filter(function (g) { return g.name === typed; }).concat(found.filter(function (g) { return g.name !== typed; }));
    var shown = list.querySelectorAll(":scope > .ocpp-exact");
    // Nothing to do when the groups for this query are already on top (our own insertions call back here).
    if (list.getAttribute("data-exact-for") === input.value && shown.length === (found ? found.length : 0) && (!found || list.firstElementChild === shown[0])) return;
    shown.forEach(function (item) { item.remove(); });
    list.setAttribute("data-exact-for", input.value);
    if (!found) return;
    var first = list.firstElementChild;
    found.forEach(function (g) { list.insertBefore(group(g), first); });
    // Material empties the list when its own results arrive; a link of ours that had the focus
    // (an arrow key pressed before they came) hands it to its new twin instead of losing it.
    if (focused && !focused.link.isConnected && focused.query === input.value &&
        (!document.activeElement || document.activeElement === document.body)) {
      var twin = list.querySelectorAll(":scope > .ocpp-exact")[focused.group];
      twin = twin && twin.querySelectorAll("a.md-search-result__link")[focused.index];
      if (twin) twin.focus();
    }
  }

  var focused = null;  // the link of ours that last had the focus: {link, group, index, query}
  function remember(event, input) {
    var link = event.target.closest && event.target.closest(".ocpp-exact a.md-search-result__link");
    if (!link) return;
    var item = link.parentElement, list = item.parentElement;
    focused = {link: link, query: input.value,
      group: [].indexOf.call(list.querySelectorAll(":scope > .ocpp-exact"), item),
      index: [].indexOf.call(item.querySelectorAll("a.md-search-result__link"), link)};
  }

  function setup() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector("input.md-search__input");
    if (!list || !input) return;
    var update = function () { render(list, input); };
    // Material re-renders its list on every query: put the group back on top each time.
    new MutationObserver(update).observe(list, {childList: true});
    list.addEventListener("focusin", function (event) { remember(event, input); });
    input.addEventListener("input", function () { load().then(update); });
    input.addEventListener("keyup", function () { load().then(update); });
    // Fetched when search is first used, not with the page: a page load stays as light as before.
    input.addEventListener("focus", load, {once: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
