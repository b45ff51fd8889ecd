// Draws each report's chart from the figures the page lists beside it (Chart.js, served by the studio).
(function () {
  var COLORS = ["#4f46e5", "#dc2626", "#0f766e", "#d97706", "#6b7280", "#db2777"];
  // Long labels (failure codes, batch names) are cut on the axis; the table beside has them whole.
  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    return label.length > 22 ? label.slice(0, 21) + "…" : label;
  }
  function draw() {
    var data = JSON.parse(document.getElementById("report-charts").textContent);
    document.querySelectorAll("canvas[data-report]").forEach(function (canvas) {
      var report = data[canvas.dataset.report];
      if (!report || !window.Chart) return;
      var names = Object.keys(report.series);
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: report.labels,
          datasets: names.map(function (name, index) {
            return { label: name, data: report.series[name], backgroundColor: COLORS[index % COLORS.length] };
          })
        },
        options: {
          indexAxis: report.horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: names.length > 1, position: "bottom" } },
          scales: {
            x: { stacked: report.stacked, beginAtZero: true, ticks: report.horizontal ? {} : { callback: shortLabel } },
            y: { stacked: report.stacked, beginAtZero: true, ticks: report.horizontal ? { callback: shortLabel } : {} }
          }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
