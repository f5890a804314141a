// The warning before a staff session ends (directory/middleware.py StaffSessionMiddleware).
// The script tag (templates/directory/_staff_session.html) says how many seconds the session
// has left idle (data-idle) and in all (data-whole), and how long before the end to warn
// (data-warn). Then a notice asks whether to stay logged in; its button posts to data-url,
// which moves the end, and the warning is set again for the new end. When the whole session's
// limit is what ends it, the notice says it cannot be extended and that what is written is
// kept (directory/kept_forms.py). Other scripts that reach the server as staff (the autosave)
// tell it the new end with the event "staff-session:touched".
(function () {
  "use strict";
  var script = document.currentScript;
  var data = script.dataset;
  var warnBefore = parseInt(data.warn, 10) * 1000;
  var idleEnd, wholeEnd;
  var notice, text, button, status, returnFocus;
  var shownFor = null; // what the notice is showing: the end it warns of, "ended", or null
  var checked = null; // the end and moment the server last confirmed
  var checking = false;

  function setEnds(idle, whole) {
    var now = Date.now();
    idleEnd = now + idle * 1000;
    wholeEnd = now + whole * 1000;
  }

  function clock(time) {
    var parts = new Intl.DateTimeFormat("sv-SE", {
      hour: "2-digit",
      minute: "2-digit",
      timeZone: data.timeZone,
    }).formatToParts(new Date(time));
    var hour = "", minute = "";
    parts.forEach(function (part) {
      if (part.type === "hour") hour = part.value;
      if (part.type === "minute") minute = part.value;
    });
    return hour + "." + minute; // "kl. 14.32", as Swedish writes times
  }

  function build() {
    notice = document.createElement("div");
    notice.className = "staff-session-notice";
    notice.id = "staff-session-notice";
    notice.setAttribute("role", "alertdialog");
    notice.setAttribute("aria-labelledby", "staff-session-text");
    notice.hidden = true;
    text = document.createElement("p");
    text.id = "staff-session-text";
    button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = data.button;
    button.addEventListener("click", extend);
    notice.append(text, button);
    notice.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    status = document.createElement("p");
    status.className = "staff-session-status";
    status.setAttribute("role", "status");
    document.body.append(notice, status);
  }

  // With a button to press, a dialog that takes the focus (and gives it back); without one
  // (the session cannot be extended, or has ended), an alert that leaves the focus where the
  // editor is writing, so that no keystroke is lost.
  function show(message, canExtend) {
    notice.setAttribute("role", canExtend ? "alertdialog" : "alert");
    button.hidden = !canExtend;
    if (notice.hidden) {
      returnFocus = canExtend ? document.activeElement : null;
      notice.hidden = false;
    }
    text.textContent = message;
    if (canExtend) button.focus();
    else giveFocusBack();
  }

  function hide() {
    notice.hidden = true;
    giveFocusBack();
  }

  // Back to where the editor was, if the focus is still ours (or was lost with our button).
  function giveFocusBack() {
    var active = document.activeElement;
    var ours = !active || active === document.body || notice.contains(active);
    if (ours && returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  function tick() {
    if (checking || shownFor === "ended") return;
    var now = Date.now();
    var due = now >= idleEnd ? "ended" : now >= idleEnd - warnBefore ? idleEnd : null;
    if (due === null || due === shownFor) return;
    // Before warning, ask the server: another tab may have moved the end since.
    if (checked !== due + ":" + idleEnd) {
      check(due);
      return;
    }
    shownFor = due;
    if (due === "ended") {
      show(data.textEnded, false);
    } else {
      var endsWhole = wholeEnd <= idleEnd;
      var template = endsWhole ? data.textWhole : data.textIdle;
      show(template.replace("TIME", clock(idleEnd)), !endsWhole);
    }
  }

  function check(due) {
    checking = true;
    fetch(data.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 403) return { ended: true };
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      })
      .then(function (answer) {
        checking = false;
        if (answer && answer.ended) idleEnd = Date.now();
        else if (answer && Date.now() + answer.idle * 1000 > idleEnd + 2000) {
          setEnds(answer.idle, answer.whole); // moved meanwhile: wait for the new end
          if (!notice.hidden) hide();
          shownFor = null;
        }
        var now = Date.now();
        var due2 = now >= idleEnd ? "ended" : idleEnd;
        checked = due2 + ":" + idleEnd;
        tick();
      });
  }

  function extend() {
    button.disabled = true;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", data.csrf);
    fetch(data.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.csrf },
    })
      .then(function (response) {
        if (response.status === 403) return { ended: true };
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (answer) {
        button.disabled = false;
        if (answer.ended) {
          idleEnd = Date.now();
          tick();
          return;
        }
        touched(answer);
        say(data.textExtended.replace("TIME", clock(idleEnd)));
      })
      .catch(function () {
        button.disabled = false;
        say(data.textFailed);
      });
  }

  function say(message) {
    status.textContent = message;
    window.setTimeout(function () {
      if (status.textContent === message) status.textContent = "";
    }, 10000);
  }

  function touched(answer) {
    setEnds(answer.idle, answer.whole);
    shownFor = null;
    if (!notice.hidden) hide();
  }

  setEnds(parseInt(data.idle, 10), parseInt(data.whole, 10));
  build();
  document.addEventListener("staff-session:touched", function (event) {
    touched(event.detail);
  });
  window.setInterval(tick, 1000);
  tick();
})();
