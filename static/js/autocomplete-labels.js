// The search box select2 writes into an autocomplete that takes several choices (the ideas of
// an agenda item) has no label, so a screen reader announces an unnamed text field and axe
// counts a violation. It is named here after the field's own label, each time select2 makes
// it anew (after every choice).
(function () {
  "use strict";

  function name(field) {
    var container = field.closest(".select2");
    var select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return "";
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    var text = label ? label.textContent : select.getAttribute("aria-label") || "";
    return text.trim().replace(/:$/, "");
  }

  function label(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
      var text = name(field);
      if (text) field.setAttribute("aria-label", text);
    });
  }

  function start() {
    label(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE) label(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
