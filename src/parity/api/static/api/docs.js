// Swagger UI draws parts of the page as the reader opens an operation. Name what it leaves
// unnamed: a parameter's choice list by the parameter, a scrolling example so the keyboard
// reaches it (axe-core: select-name, scrollable-region-focusable).
"use strict";
(function () {
  function name(root) {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", s.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll(".microlight:not([tabindex])").forEach(function (code) {
      code.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(function () { name(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
