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

  // The city question: one select of 337 cities in province groups (it works so without script)
  // becomes a province select and a filter by name that narrow the cities the select offers.
  function bindCityChooser(select) {
    var groups = Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
      return {
        name: group.label,
        cities: Array.prototype.map.call(group.querySelectorAll("option"), function (option) {
          return { value: option.value, name: option.textContent };
        })
      };
    });
    var empty = select.querySelector('option[value=""]');
    var emptyText = empty ? empty.textContent : "";

    function labelled(control, text) {
      var label = document.createElement("label");
      label.className = "city-chooser__label";
      label.htmlFor = control.id;
      label.textContent = text;
      return [label, control];
    }

    var province = document.createElement("select");
    province.id = select.id + "_province";
    province.appendChild(new Option("全部省份", ""));
    groups.forEach(function (group) { province.appendChild(new Option(group.name, group.name)); });
    var filter = document.createElement("input");
    filter.type = "search";
    filter.id = select.id + "_filter";
    filter.placeholder = "输入城市名称，如：苏州";
    filter.autocomplete = "off";
    var tools = document.createElement("div");
    tools.className = "city-chooser";
    labelled(province, "省份").concat(labelled(filter, "按名称查找")).forEach(function (node) { tools.appendChild(node); });
    select.parentNode.insertBefore(tools, select);

    function show(list) {
      var current = select.value;
      while (select.firstChild) select.removeChild(select.firstChild);
      select.appendChild(new Option(emptyText, ""));
      list.forEach(function (group) {
        var optgroup = document.createElement("optgroup");
        optgroup.label = group.name;
        group.cities.forEach(function (city) {
          optgroup.appendChild(new Option(city.name, city.value, false, city.value === current));
        });
        select.appendChild(optgroup);
      });
    }

    function ofProvince(name) {
      return groups.filter(function (group) { return !name || group.name === name; });
    }

    province.addEventListener("change", function () {
      filter.value = "";
      show(ofProvince(province.value));
    });
    filter.addEventListener("input", function () {
      var text = filter.value.trim();
      var found = ofProvince(province.value).map(function (group) {
        var all = group.name.indexOf(text) !== -1;
        return { name: group.name, cities: group.cities.filter(function (city) { return all || city.name.indexOf(text) !== -1; }) };
      }).filter(function (group) { return group.cities.length; });
      show(found);
      var matches = found.reduce(function (sum, group) { return sum.concat(group.cities); }, []);
      if (matches.length === 1) select.value = matches[0].value;
    });

    var chosen = groups.filter(function (group) {
      return group.cities.some(function (city) { return city.value === select.value; });
    })[0];
    if (chosen) {
      province.value = chosen.name;
      show(ofProvince(chosen.name));
    }
  }

  document.querySelectorAll("select[data-city-chooser]:not([disabled])").forEach(bindCityChooser);

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
