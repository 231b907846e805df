(function () {
  "use strict";
  var table = document.getElementById("article-table");
  if (!table) return;
  var tbody = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(table.querySelectorAll("thead th button"), function (button) {
    button.addEventListener("click", function () {
      var th = button.parentNode;
      var col = Number(button.getAttribute("data-col"));
      var numeric = button.getAttribute("data-type") === "number";
      var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir);
      var rows = Array.prototype.slice.call(tbody.rows).map(function (row) {
        var cell = row.cells[col];
        var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
        return { row: row, key: numeric ? Number(raw) : raw.toLowerCase(), index: Number(row.getAttribute("data-index")) };
      });
      rows.sort(function (a, b) {
        var d = numeric ? a.key - b.key : a.key.localeCompare(b.key);
        if (d !== 0) return dir === "ascending" ? d : -d;
        return a.index - b.index;
      });
      var fragment = document.createDocumentFragment();
      rows.forEach(function (r) { fragment.appendChild(r.row); });
      tbody.appendChild(fragment);
    });
  });
})();
