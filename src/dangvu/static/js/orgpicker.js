/* Đảng vụ — organisation picker. Progressive enhancement: every <select data-org-picker="URL"> works as a
   plain select without JavaScript; here it becomes a search-as-you-type combobox (WAI-ARIA 1.2) whose options
   come from the JSON endpoint (unaccented search, labels "Đảng bộ Sở Tài chính › Chi bộ Thanh tra").
   No inline script anywhere: the pages load this file, and it finds its selects itself. */
(function () {
  "use strict";
  var counter = 0;

  function enhance(select) {
    counter += 1;
    var base = select.id || "orgpicker" + counter;
    var wrap = document.createElement("div");
    wrap.className = "orgpicker";
    var input = document.createElement("input");
    input.type = "text";
    input.id = base + "_search";
    input.className = "orgpicker-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    input.placeholder = "Gõ tên để tìm, vd. thanh tra";
    var list = document.createElement("ul");
    list.id = base + "_list";
    list.className = "orgpicker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    if (select.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    }
    if (select.required) { input.setAttribute("aria-required", "true"); }

    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      label.htmlFor = input.id;
      list.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    } else {
      input.setAttribute("aria-label", "Tổ chức đảng");
      list.setAttribute("aria-label", "Tổ chức đảng");
    }
    var chosen = select.options[select.selectedIndex];
    if (chosen && chosen.value) { input.value = chosen.text; }

    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(select);
    select.hidden = true;
    select.tabIndex = -1;

    var results = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    function url(q) {
      var params = new URLSearchParams();
      params.set("q", q);
      if (select.dataset.kinds) { params.set("kinds", select.dataset.kinds); }
      if (select.dataset.purpose) { params.set("purpose", select.dataset.purpose); }
      if (select.dataset.member) { params.set("member", select.dataset.member); }
      if (select.dataset.round) { params.set("round", select.dataset.round); }
      return select.dataset.orgPicker + "?" + params.toString();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var items = list.querySelectorAll("[role=option]");
      for (var k = 0; k < items.length; k++) {
        items[k].setAttribute("aria-selected", k === i ? "true" : "false");
      }
      active = i;
      if (i >= 0 && items[i]) {
        input.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(row) {
      var opt = null;
      for (var k = 0; k < select.options.length; k++) {
        if (select.options[k].value === String(row.id)) { opt = select.options[k]; }
      }
      if (!opt) {
        opt = new Option(row.label, String(row.id));
        select.add(opt);
      }
      select.value = String(row.id);
      input.value = row.label;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      close();
    }

    function render(more) {
      list.textContent = "";
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "orgpicker-none";
        none.textContent = "Không tìm thấy tổ chức nào.";
        list.appendChild(none);
      }
      results.forEach(function (row, i) {
        var li = document.createElement("li");
        li.id = base + "_opt" + row.id;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        if (row.parent) {
          var small = document.createElement("span");
          small.className = "orgpicker-parent";
          small.textContent = row.parent + " › ";
          li.appendChild(small);
        }
        li.appendChild(document.createTextNode(row.name));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(row); });
        li.addEventListener("mousemove", function () { if (active !== i) { highlight(i); } });
        list.appendChild(li);
      });
      if (more) {
        var hint = document.createElement("li");
        hint.className = "orgpicker-more";
        hint.textContent = "Còn nữa — gõ thêm để thu hẹp.";
        list.appendChild(hint);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var mine = ++seq;
      fetch(url(input.value), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== seq) { return; }
          results = data.results || [];
          render(data.more);
        })
        .catch(function () { /* the plain select still holds the value */ });
    }

    input.addEventListener("input", function () {
      if (!input.value.trim() && select.querySelector('option[value=""]')) { select.value = ""; }
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("focus", function () { if (list.hidden) { search(); } });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden) { search(); return; }
        highlight(Math.min(active + 1, results.length - 1));
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0 && results[active]) {
          e.preventDefault();
          choose(results[active]);
        }
      } else if (e.key === "Escape") {
        close();
      }
    });
  }

  function init() {
    var selects = document.querySelectorAll("select[data-org-picker]");
    for (var i = 0; i < selects.length; i++) { enhance(selects[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
