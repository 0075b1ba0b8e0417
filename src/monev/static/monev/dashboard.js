// Charts of the analysis dashboard; the same numbers are in the tables below them.
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  Chart.defaults.animation = false; // draw the final numbers at once (and for screenshots)
  const green = "#0b5d3b", amber = "#f2b705";
  new Chart(document.getElementById("chart-units"), {
    type: "bar",
    data: { labels: data.units, datasets: [
      { label: data.labels.achievement, data: data.unitMeans, backgroundColor: green },
      { label: data.labels.absorption, data: data.unitAbsorption, backgroundColor: amber },
    ] },
    options: { responsive: true, scales: { y: { beginAtZero: true, suggestedMax: 100 } } },
  });
  new Chart(document.getElementById("chart-ratings"), {
    type: "doughnut",
    data: { labels: data.labels.ratings,
      datasets: [{ data: data.ratings, backgroundColor: ["#198754", "#75b798", "#ffda6a", "#f1aeb5", "#dc3545"] }] },
    options: { responsive: true, plugins: { legend: { position: "bottom" } } },
  });
  new Chart(document.getElementById("chart-trend"), {
    type: "line",
    data: { labels: data.trendLabels, datasets: [
      { label: data.labels.thisYear, data: data.trend, borderColor: green, tension: 0.2 },
      { label: data.labels.lastYear, data: data.trendLastYear, borderColor: "#8a94a6", borderDash: [5, 4], tension: 0.2, spanGaps: true },
    ] },
    options: { responsive: true, scales: { y: { beginAtZero: true, suggestedMax: 100 } } },
  });
})();
