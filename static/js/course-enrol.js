/* Enrolling candidates in an awareness course: search without diacritics, "select all" of what is shown. */
(function () {
  "use strict";
  var form = document.getElementById("ghi-danh");
  var all = document.getElementById("chon-tat-ca");
  var search = document.getElementById("tim-nguoi");
  var count = document.getElementById("so-da-chon");
  if (!form || !all || !search || !count) { return; }
  var rows = Array.prototype.slice.call(form.querySelectorAll("label.candidate"));
  var heads = Array.prototype.slice.call(form.querySelectorAll("div[data-org]"));
  function key(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  }
  function hidden(el) { return el.classList.contains("d-none"); }
  function visible() { return rows.filter(function (row) { return !hidden(row); }); }
  function refresh() {
    var shown = visible();
    var ticked = rows.filter(function (row) { return row.querySelector("input").checked; }).length;
    all.checked = shown.length > 0 && shown.every(function (row) { return row.querySelector("input").checked; });
    count.textContent = "Đã chọn " + ticked + " người";
  }
  all.addEventListener("change", function () {
    visible().forEach(function (row) { row.querySelector("input").checked = all.checked; });
    refresh();
  });
  search.addEventListener("input", function () {
    var q = key(search.value);
    rows.forEach(function (row) { row.classList.toggle("d-none", q !== "" && row.dataset.key.indexOf(q) === -1); });
    heads.forEach(function (head) {
      head.classList.toggle("d-none", !rows.some(function (row) { return row.dataset.org === head.dataset.org && !hidden(row); }));
    });
    refresh();
  });
  form.addEventListener("change", function (event) { if (event.target.classList.contains("chon")) { refresh(); } });
  search.hidden = false;
  document.getElementById("chon-tat-ca-khung").hidden = false;
  refresh();
})();
