/* Kiosk mode of the public form (a tablet shared by every visitor at the desk): a form left untouched for
   data-idle seconds is cleared for the next citizen — a note shows 10 seconds before, any touch keeps it — and the
   page is loaded afresh (a new stamp), never keeping the previous person's answers, also after "back". */
(function () {
  "use strict";
  var script = document.querySelector("script[data-idle]");
  var idle = (parseInt(script && script.getAttribute("data-idle"), 10) || 45) * 1000;
  var form = document.querySelector("form[data-kiosk]");
  var note = document.getElementById("kiosk-note");
  var warn = Math.max(idle - 10000, idle / 2);
  var timer, warnTimer;
  function touched() {
    if (!form) return false;
    var fields = form.querySelectorAll("input[type=radio], input[type=checkbox], textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].checked || (fields[i].tagName === "TEXTAREA" && fields[i].value)) return true;
    }
    return false;
  }
  function clearForm() {
    if (form) form.reset();
    window.scrollTo(0, 0);
    location.replace(location.pathname + location.search);
  }
  function restart() {
    clearTimeout(timer);
    clearTimeout(warnTimer);
    if (note) note.hidden = true;
    warnTimer = setTimeout(function () {
      if (note && touched()) note.hidden = false;
    }, warn);
    timer = setTimeout(clearForm, idle);
  }
  ["input", "change", "click", "touchstart", "keydown", "scroll"].forEach(function (name) {
    addEventListener(name, restart, true);
  });
  /* Coming back to this page from the history (back button, bfcache): never show the last person's answers. */
  addEventListener("pageshow", function (event) {
    if (event.persisted && form) form.reset();
  });
  if (form) form.reset();
  restart();
})();
