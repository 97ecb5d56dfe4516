// Suggestions while typing in a search box (the ARIA 1.2 combobox pattern with a listbox).
// Without this script the box is a plain search field that submits its form.
(function () {
  "use strict";

  var DELAY_MS = 150;

  function setUp(input, number) {
    var listbox = document.createElement("ul");
    var status = document.createElement("div");
    var options = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    listbox.id = input.id + "-suggestions";
    listbox.className = "suggest-list";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "搜索建议");
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.classList.add("suggest");
    input.insertAdjacentElement("afterend", listbox);
    listbox.insertAdjacentElement("afterend", status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(option) {
      window.location.assign(option.dataset.url);
    }

    function show(suggestions) {
      listbox.textContent = "";
      options = suggestions.map(function (suggestion, i) {
        var option = document.createElement("li");
        var kind = document.createElement("span");
        option.id = listbox.id + "-" + i;
        option.className = "suggest-list__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = suggestion.url;
        option.textContent = suggestion.label;
        kind.className = "suggest-list__kind";
        kind.textContent = suggestion.kind === "page" ? "页面" : "搜索";
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          go(option);
        });
        listbox.appendChild(option);
        return option;
      });
      active = -1;
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = "有 " + options.length + " 条建议，按上下方向键选择，按回车键打开";
      } else {
        close();
        status.textContent = "";
      }
    }

    function fetchSuggestions() {
      var typed = input.value.trim();
      var asked = ++latest;
      if (!typed) {
        show([]);
        return;
      }
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(typed), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (asked === latest) show(data.suggestions || []);
        })
        .catch(function () {
          if (asked === latest) show([]);
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden && options.length > 0;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        highlight(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        go(options[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
})();
