/* Kiosk mode of the public form: after data-idle seconds without a touch, reload a blank form for the next citizen. */
(function () {
  "use strict";
  var script = document.querySelector("script[data-idle]");
  var idle = (parseInt(script && script.getAttribute("data-idle"), 10) || 30) * 1000;
  var timer;
  function restart() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      location.replace(location.pathname + location.search);
    }, idle);
  }
  ["input", "change", "touchstart", "keydown", "scroll"].forEach(function (name) {
    addEventListener(name, restart, true);
  });
  restart();
})();
