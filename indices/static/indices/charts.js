/* Rankings charts (Chart.js 4). Data come from json_script elements, never from localized template
   numbers; ranks are drawn with rank 1 at the top. Numbers read the Vietnamese way (61,5) whatever the
   interface language, as everywhere in the portal. */
(function () {
  "use strict";

  if (typeof Chart === "undefined") {
    return;
  }

  var LOCALE = "vi-VN";
  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384",
    "#0dcaf0", "#795548", "#ffc107", "#3f51b5", "#8bc34a", "#e91e63", "#009688"];

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  var labels = readJSON("chart-labels") || { rank: "Rank", score: "Score", target: "Target" };

  // Vertical lines between two years: a merger (the series moves to another province) or a new method.
  var markerPlugin = {
    id: "cchcMarkers",
    afterDatasetsDraw: function (chart, args, options) {
      var markers = (options && options.markers) || [];
      if (!markers.length) {
        return;
      }
      var ctx = chart.ctx;
      var area = chart.chartArea;
      var xScale = chart.scales.x;
      var years = chart.data.labels.map(String);
      markers.forEach(function (marker, i) {
        var at = years.indexOf(String(marker.year));
        if (at < 0) {
          return;
        }
        var x = at > 0 ? (xScale.getPixelForValue(at) + xScale.getPixelForValue(at - 1)) / 2 : xScale.getPixelForValue(at);
        var colour = marker.kind === "merger" ? "#b58100" : "#0aa2c0";
        ctx.save();
        ctx.strokeStyle = colour;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(x, area.top);
        ctx.lineTo(x, area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = colour;
        ctx.font = "12px system-ui, sans-serif";
        var text = marker.kind === "merger" ? (labels.merger || "") : (labels.method || "");
        var width = ctx.measureText(text).width;
        var tx = x + 4 + width > area.right ? x - 4 - width : x + 4;
        ctx.fillText(text, tx, area.top + 12 + 14 * (i % 3));
        ctx.restore();
      });
    }
  };

  function gapDash(ctx) {
    // A dashed segment joins two results with missing years between them.
    return ctx.p0.skip || ctx.p1.skip ? [5, 4] : undefined;
  }

  function rankAxis(maxN, display) {
    return {
      reverse: true,
      min: 1,
      max: maxN || undefined,
      display: display,
      ticks: { precision: 0 },
      title: { display: display, text: labels.rank }
    };
  }

  function maxOf(list) {
    return list.reduce(function (m, v) { return v != null && v > m ? v : m; }, 0);
  }

  function drawSparklines() {
    var data = readJSON("sparklines") || [];
    var byCode = {};
    data.forEach(function (item) { byCode[item.code] = item; });
    document.querySelectorAll("canvas.rank-sparkline").forEach(function (canvas) {
      var item = byCode[canvas.dataset.code];
      if (!item || item.years.length === 0) {
        canvas.parentNode.style.display = "none";
        return;
      }
      var lo = Math.min.apply(null, item.ranks);
      var hi = Math.max.apply(null, item.ranks);
      var pad = Math.max(1, Math.round((hi - lo) * 0.15));
      var range = { min: Math.max(1, lo - pad), max: hi + pad };
      new Chart(canvas, {
        type: "line",
        data: {
          labels: item.years.map(String),
          datasets: [{
            data: item.ranks,
            borderColor: "#0d6efd",
            backgroundColor: "#0d6efd",
            borderWidth: 2,
            pointRadius: 2.5,
            tension: 0
          }]
        },
        options: {
          locale: LOCALE,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: false },
            tooltip: {
              displayColors: false,
              callbacks: {
                label: function (ctx) { return labels.rank + ": " + ctx.parsed.y + "/" + item.n[ctx.dataIndex]; }
              }
            }
          },
          scales: {
            x: { display: false },
            // Scaled to the series itself (a 48 px tall axis would otherwise round out to 0–100), so a
            // move of a few places shows; rank 1 stays on top.
            y: { reverse: true, display: false, bounds: "data", min: range.min, max: range.max }
          }
        }
      });
    });
  }

  function drawHistory() {
    var canvas = document.getElementById("history-chart");
    var data = readJSON("history-data");
    if (!canvas || !data || !data.years.length) {
      return;
    }
    var hasScores = data.scores.some(function (v) { return v != null; });
    var datasets = [{
      label: labels.rank,
      data: data.ranks,
      yAxisID: "y",
      borderColor: "#0d6efd",
      backgroundColor: "#0d6efd",
      borderWidth: 2.5,
      pointRadius: 4,
      spanGaps: true,
      segment: { borderDash: gapDash }
    }];
    if (hasScores) {
      datasets.push({
        label: labels.score,
        data: data.scores,
        yAxisID: "score",
        borderColor: "#adb5bd",
        backgroundColor: "#adb5bd",
        borderWidth: 1.5,
        pointRadius: 3,
        spanGaps: false
      });
    }
    var targets = (data.targets || []).filter(function (t) { return data.years.indexOf(t.year) >= 0; });
    if (targets.length) {
      datasets.push({
        label: labels.target,
        data: data.years.map(function (y) {
          var t = targets.filter(function (x) { return x.year === y; })[0];
          return t ? t.rank : null;
        }),
        yAxisID: "y",
        showLine: false,
        pointStyle: "crossRot",
        pointRadius: 8,
        borderWidth: 2,
        borderColor: "#198754",
        backgroundColor: "#198754"
      });
    }
    var scales = { y: rankAxis(maxOf(data.n), true) };
    if (hasScores) {
      scales.score = { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: labels.score } };
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: data.years.map(String), datasets: datasets },
      options: {
        locale: LOCALE,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          cchcMarkers: { markers: data.markers },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                if (ctx.dataset.yAxisID === "y" && ctx.datasetIndex === 0) {
                  var who = data.provinces[ctx.dataIndex] ? " (" + data.provinces[ctx.dataIndex] + ")" : "";
                  return labels.rank + ": " + ctx.parsed.y + "/" + data.n[ctx.dataIndex] + who;
                }
                return ctx.dataset.label + ": " + ctx.formattedValue;
              }
            }
          }
        },
        scales: scales
      },
      plugins: [markerPlugin]
    });
  }

  function drawPeers() {
    var canvas = document.getElementById("peer-chart");
    var data = readJSON("peer-data");
    if (!canvas || !data || !data.years.length) {
      return;
    }
    var maxN = 0;
    var colour = 1;
    var datasets = data.datasets.map(function (set) {
      maxN = Math.max(maxN, maxOf(set.n));
      var c = set.home ? PALETTE[0] : PALETTE[colour++ % PALETTE.length];
      return {
        label: set.label,
        data: set.ranks,
        n: set.n,
        borderColor: c,
        backgroundColor: c,
        borderWidth: set.home ? 4 : 1.5,
        pointRadius: set.home ? 4 : 2,
        spanGaps: true,
        segment: { borderDash: gapDash },
        order: set.home ? 0 : 1
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: data.years.map(String), datasets: datasets },
      options: {
        locale: LOCALE,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "nearest", intersect: false },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          cchcMarkers: { markers: data.markers },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ": " + ctx.parsed.y + "/" + ctx.dataset.n[ctx.dataIndex];
              }
            }
          }
        },
        scales: { y: rankAxis(maxN, true) }
      },
      plugins: [markerPlugin]
    });
  }

  drawSparklines();
  drawHistory();
  drawPeers();
})();
