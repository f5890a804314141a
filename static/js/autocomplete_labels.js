// The admin's autocomplete (select2) types into a search field of its own that has no label,
// so a screen reader announces a nameless field (axe: "label"). Each such field is named after
// the field it searches, also when select2 draws it anew or an inline row is added.
(function () {
  "use strict";

  function labelOf(select) {
    if (!select || !select.id) return "";
    var label = document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function selectOf(field) {
    // In a multiple choice the search field sits in the selection, right after the <select>;
    // a single choice's search is in a dropdown at the end of the page, for the open one.
    var container = field.closest(".select2-container");
    var before = container && container.previousElementSibling;
    if (before && before.tagName === "SELECT") return before;
    var open = document.querySelector("select + .select2-container--open");
    return open ? open.previousElementSibling : null;
  }

  function name(root) {
    var fields = root.querySelectorAll ? root.querySelectorAll(".select2-search__field") : [];
    Array.prototype.forEach.call(fields, function (field) {
      if (field.getAttribute("aria-label")) return;
      var text = labelOf(selectOf(field));
      if (text) field.setAttribute("aria-label", text);
    });
  }

  function start() {
    name(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType !== 1) return;
          if (node.classList.contains("select2-search__field")) node = node.parentNode;
          name(node);
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
