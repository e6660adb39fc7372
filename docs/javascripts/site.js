// Two touches on Material's own components, both on text the page already shows.
(function () {
  var CAMEL = /(?<=[a-z0-9])(?=[A-Z])/;

  // Sidebar and page title: a long enumeration name may wrap before a capital
  // ("ClearMessage|StatusEnumType"), not mid-word. The theme renders the name as escaped text,
  // so the break points come here.
  function wrapNavigationNames() {
    document.querySelectorAll(".md-nav--primary .md-nav__link .md-ellipsis, .md-content h1").forEach(function (label) {
      var text = label.firstChild;  // a title's permalink comes after its text
      var name = text && text.nodeType === Node.TEXT_NODE ? text.textContent.trim() : "";
      if (!/^[A-Za-z0-9]{20,}$/.test(name)) return;
      var parts = document.createDocumentFragment();
      name.split(CAMEL).forEach(function (part, index) {
        if (index) parts.appendChild(document.createElement("wbr"));
        parts.appendChild(document.createTextNode(part));
      });
      label.replaceChild(parts, text);
    });
  }

  // Search: each result group starts with a link to the page top. When a section of that page is
  // the value searched for (its heading equals the query), that first link goes to the value's
  // anchor too. The hidden lower-case copy of a value (only there so that "suspendedevse" finds
  // SuspendedEVSE) is taken out of the result preview.
  function pointResultsAtValues(list, input) {
    var query = input.value.trim().replace(/^[+]/, "").toLowerCase();
    list.querySelectorAll(".md-search-result__item").forEach(function (item) {
      var links = item.querySelectorAll("a.md-search-result__link");
      for (var i = 1; i < links.length; i++) {
        var heading = links[i].querySelector("h2");
        var title = heading ? heading.textContent.trim().toLowerCase() : "";
        var article = links[i].querySelector("article");
        Array.prototype.slice.call(article ? article.childNodes : []).forEach(function (node) {
          var bare = node.nodeType === Node.TEXT_NODE || node.nodeName === "MARK";
          if (bare && title && node.textContent.trim().toLowerCase() === title) node.remove();
        });
        if (query && title === query && links[0].href !== links[i].href) links[0].href = links[i].href;
      }
    });
  }

  function setup() {
    wrapNavigationNames();
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector("input.md-search__input");
    if (!list || !input) return;
    new MutationObserver(function () { pointResultsAtValues(list, input); }).observe(list, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
