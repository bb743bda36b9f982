// The dossier report grid: totals (3), (7), (11) and the column sums update as people type;
// Enter moves down the column (Tab already moves right). Numbers show in Vietnamese form (37.657).
(function () {
  "use strict";
  var grid = document.getElementById("report-grid");
  if (!grid) return;
  var fmt = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
  var TOTALS = {
    received_total: ["received_online", "received_offline", "carried_over"],
    resolved_total: ["resolved_early", "resolved_on_time", "resolved_late"],
    pending_total: ["pending_within", "pending_overdue"],
  };

  function value(el) {
    var text = el.tagName === "INPUT" ? el.value : el.dataset.value;
    text = String(text || "").replace(/[.\s\u00a0]/g, "");
    if (!/^\d+$/.test(text)) return text === "" ? 0 : NaN;
    return parseInt(text, 10);
  }

  function recompute() {
    var sums = {};
    grid.querySelectorAll("tbody tr").forEach(function (tr) {
      var row = {};
      tr.querySelectorAll("[data-col]").forEach(function (el) {
        row[el.dataset.col] = value(el);
        sums[el.dataset.col] = (sums[el.dataset.col] || 0) + row[el.dataset.col];
      });
      Object.keys(TOTALS).forEach(function (key) {
        var total = TOTALS[key].reduce(function (acc, col) { return acc + row[col]; }, 0);
        sums[key] = (sums[key] || 0) + total;
        var cell = tr.querySelector('[data-total="' + key + '"]');
        if (cell) cell.textContent = isNaN(total) ? "?" : fmt.format(total);
      });
      var balance = row.received_online + row.received_offline + row.carried_over -
        (row.resolved_early + row.resolved_on_time + row.resolved_late + row.pending_within + row.pending_overdue);
      tr.classList.toggle("table-danger-subtle", !isNaN(balance) && balance !== 0);
      tr.dataset.balance = isNaN(balance) ? "" : String(balance);
    });
    grid.querySelectorAll("[data-sum]").forEach(function (cell) {
      var total = sums[cell.dataset.sum] || 0;
      cell.textContent = isNaN(total) ? "?" : fmt.format(total);
    });
  }

  // Figures typed but not saved are never dropped silently: leaving the page (Submit, Import, a
  // menu link) asks first; saving the grid itself does not.
  var dirty = false;
  grid.addEventListener("input", function () { dirty = true; recompute(); });
  var form = document.getElementById("report-form");
  if (form) form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
  grid.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    event.preventDefault(); // Enter moves down instead of submitting half-typed figures
    var inputs = Array.prototype.slice.call(grid.querySelectorAll('input[data-col="' + event.target.dataset.col + '"]'));
    var next = inputs[inputs.indexOf(event.target) + (event.shiftKey ? -1 : 1)];
    if (next) { next.focus(); next.select(); }
  });
  // A cell is a number: focusing or clicking it selects it, so typing replaces it (never "2" + "0").
  grid.addEventListener("focusin", function (event) {
    if (event.target.tagName === "INPUT") event.target.select();
  });
  grid.addEventListener("click", function (event) {
    if (event.target.tagName === "INPUT" && event.target.selectionStart === event.target.selectionEnd) event.target.select();
  });
  recompute();
})();
