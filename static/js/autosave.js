// Autosave of an admin form (directory/kept_forms.py AutosavesDrafts): while the editor types,
// the form's fields (not its files) are posted to data-url every data-seconds seconds, and
// only when something changed. The server keeps one copy per editor and form, and offers it
// when the form is opened again with text newer than what is saved. A post also keeps the
// staff session alive; the warning before its end (staff-session.js) learns the new end.
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  var form = document.getElementById(data.form);
  if (!form || !window.fetch) return;
  var changed = false;
  var stopped = false;
  var status = document.createElement("p");
  status.className = "autosave-status";
  var submitRow = form.querySelector(".submit-row");
  if (submitRow) submitRow.insertAdjacentElement("beforebegin", status);

  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("change", function () { changed = true; });
  var inFlight = null;
  // An autosave still on its way when Save is pressed could reach the server after the save
  // and be offered again as newer: the save waits for it.
  form.addEventListener("submit", function (event) {
    stopped = true;
    if (!inFlight) return;
    event.preventDefault();
    var submitter = event.submitter;
    inFlight.then(function () {
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    });
  });

  function save() {
    if (!changed || stopped) return;
    changed = false;
    var body = new FormData(form);
    Array.from(body.keys()).forEach(function (name) {
      if (body.getAll(name).some(function (value) { return value instanceof File; })) {
        body.delete(name);
      }
    });
    inFlight = fetch(data.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": body.get("csrfmiddlewaretoken") || "" },
    })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 403) {
          stopped = true; // logged out: Save keeps the form (the login page says so)
          return null;
        }
        if (!response.ok) {
          changed = true; // try again next time
          return null;
        }
        return response.json();
      })
      .then(function (answer) {
        if (!answer) return;
        status.textContent = data.saved.replace("TIME", answer.saved);
        document.dispatchEvent(
          new CustomEvent("staff-session:touched", { detail: answer })
        );
      })
      .catch(function () { changed = true; })
      .then(function () { inFlight = null; });
  }

  window.setInterval(save, parseInt(data.seconds, 10) * 1000);
})();
