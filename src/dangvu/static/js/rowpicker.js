/* Đảng vụ — pick a record by name in a free text box. Every <input data-pick-url="URL" data-pick-target="ID">
   stays a text box (an outsider's name, another agency) without JavaScript; as the user types, the JSON endpoint's
   rows ({results: [{id, label, name?}]}) are offered in a native <datalist>, and choosing one puts its id into the
   hidden input #ID (cleared again when the text no longer is a suggestion). No inline script. */
(function () {
  "use strict";
  var counter = 0;
  function enhance(input) {
    counter += 1;
    var target = document.getElementById(input.getAttribute("data-pick-target"));
    if (!target) { return; }
    var list = document.createElement("datalist");
    list.id = (input.id || "rowpick") + "_list" + counter;
    input.setAttribute("list", list.id);
    input.parentNode.insertBefore(list, input.nextSibling);
    var ids = {}, timer = null, last = null;
    function sync() { target.value = Object.prototype.hasOwnProperty.call(ids, input.value) ? ids[input.value] : ""; }
    input.addEventListener("change", sync);
    input.addEventListener("input", function () {
      sync();
      var q = input.value.trim();
      if (q.length < 2 || q === last || target.value) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = q;
        var url = input.getAttribute("data-pick-url");  /* may carry its own query, e.g. ?round=ID */
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (row) {
              var opt = document.createElement("option");
              opt.value = row.label || row.name;
              ids[opt.value] = String(row.id);
              list.appendChild(opt);
            });
            sync();
          })
          .catch(function () { /* offline: the field stays free text */ });
      }, 200);
    });
  }
  function init() { document.querySelectorAll("input[data-pick-url][data-pick-target]").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
