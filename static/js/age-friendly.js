// Age-friendly mode (适老化): larger type, higher contrast, one column, bigger targets.
// Loaded in <head> without defer so the mode is on <html> before the first paint (no flash of the
// normal layout). Purely client-side: anonymous pages come from a shared cache, so the server never
// varies the page by the mode and sets no cookie; the choice is kept in this browser's localStorage.
(function () {
  "use strict";
  var KEY = "lc-age-friendly";
  var CLASS = "age-friendly";
  var root = document.documentElement;

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (error) { return false; }
  }

  function remember(on) {
    try {
      if (on) window.localStorage.setItem(KEY, "on"); else window.localStorage.removeItem(KEY);
    } catch (error) { /* storage off (private mode): the mode lasts for this page only */ }
  }

  function apply(on) {
    root.classList.toggle(CLASS, on);
    document.querySelectorAll("[data-age-friendly-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  root.classList.toggle(CLASS, remembered());
  // The stylesheet shows the control only under this class, so it is there from the first paint (no
  // layout shift) where this script runs, and never shown, inert, where it does not.
  root.classList.add("age-friendly-ready");

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-age-friendly-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        var on = !root.classList.contains(CLASS);
        remember(on);
        apply(on);
      });
    });
    apply(root.classList.contains(CLASS));
  });

  // Another tab switched the mode: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) apply(event.newValue === "on");
  });
})();
