// Progressive enhancement for multi-step forms; everything works without it.
(function () {
  "use strict";

  // Characters as a reader counts them: code points, a line break once (the server agrees).
  function countCharacters(text) {
    return Array.from(text.replace(/\r\n/g, "\n")).length;
  }

  function bindCounter(input) {
    var limit = parseInt(input.getAttribute("data-max-characters"), 10);
    var counter = document.querySelector('[data-counter-for="' + input.id + '"]');
    if (!limit || !counter) return;
    function update() {
      var used = countCharacters(input.value);
      var left = limit - used;
      counter.textContent = left >= 0 ? "还可输入 " + left + " 字（共 " + limit + " 字）" : "已超出 " + (-left) + " 字（最多 " + limit + " 字）";
      counter.classList.toggle("field__counter--over", left < 0);
    }
    input.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-max-characters]").forEach(bindCounter);

  // A repeatable group with a limit on all its entries together: every text field counts.
  function bindTotalCounter(counter) {
    var limit = parseInt(counter.getAttribute("data-max-total"), 10);
    var group = document.querySelector('[data-group="' + counter.getAttribute("data-total-counter-for") + '"]');
    if (!limit || !group) return;
    var inputs = group.querySelectorAll("[data-max-characters]");
    function update() {
      var used = 0;
      inputs.forEach(function (input) { used += countCharacters(input.value); });
      var left = limit - used;
      counter.textContent = left >= 0 ? "合计还可输入 " + left + " 字（所有条目共 " + limit + " 字）" : "合计已超出 " + (-left) + " 字（所有条目最多 " + limit + " 字）";
      counter.classList.toggle("field__counter--over", left < 0);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  }

  document.querySelectorAll("[data-total-counter-for]").forEach(bindTotalCounter);

  // The first error gets focus, so keyboard and screen-reader users land on it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // One submission per click, however impatient the click (the server is idempotent too).
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting) { event.preventDefault(); return; }
      form.dataset.submitting = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
    });
  });

  // The printable page's print button: wired here, not in an onclick attribute the site's CSP would block.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
