/* Đảng vụ — deciding-document picker. Every <input data-docpick="URL"> stays a free text box; as the user types,
   registered documents matching the words (without accents) are offered in a native <datalist>. No inline script. */
(function () {
  "use strict";
  var counter = 0;
  function enhance(input) {
    counter += 1;
    var list = document.createElement("datalist");
    list.id = (input.id || "docpick") + "_docs" + counter;
    input.setAttribute("list", list.id);
    input.parentNode.insertBefore(list, input.nextSibling);
    var timer = null, last = null;
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = q;
        fetch(input.getAttribute("data-docpick") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (row) {
              var opt = document.createElement("option");
              opt.value = row.number;
              opt.label = row.label;
              opt.textContent = row.label;
              list.appendChild(opt);
            });
          })
          .catch(function () { /* offline: the field stays free text */ });
      }, 200);
    });
  }
  function init() { document.querySelectorAll("input[data-docpick]").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
