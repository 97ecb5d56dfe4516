// The admin's "copy address" buttons: a static file, as the site's CSP prefers to inline code.
(function () {
  "use strict";

  function copied(input, ok) {
    var status = document.querySelector('[data-copy-status="' + input.id + '"]');
    if (status) status.textContent = ok ? "已复制" : "请按 Ctrl+C 复制";
  }

  function bind(button) {
    var input = document.getElementById(button.getAttribute("data-copy-url"));
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(
          function () { copied(input, true); },
          function () { copied(input, document.execCommand("copy")); }
        );
      } else {
        copied(input, document.execCommand("copy"));
      }
    });
  }

  function start() { document.querySelectorAll("[data-copy-url]").forEach(bind); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
