// The admin's autocomplete for several choices (select2, e.g. an agenda item's ideas) types
// into a search field of its own that has no label, so a screen reader announces an unnamed
// box (axe: "Form elements must have labels"). Each such field gets the name of the list it
// searches, from that list's own <label>, when select2 makes it (and it makes it again after
// each choice).
(function () {
  "use strict";

  function name(field) {
    if (field.hasAttribute("aria-label")) return;
    var container = field.closest(".select2-container");
    var select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || !select.id) return;
    var label = document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    var text = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    if (text) field.setAttribute("aria-label", text);
  }

  function nameAll(root) {
    root.querySelectorAll(".select2-search__field").forEach(name);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches(".select2-search__field")) name(node);
          else nameAll(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
