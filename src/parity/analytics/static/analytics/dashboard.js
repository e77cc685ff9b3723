// Draws each dashboard chart from its JSON with the plotly.js Parity serves itself.
// Without JavaScript the table after each chart carries the same figures.
document.querySelectorAll("[data-chart]").forEach(function (holder) {
  var source = document.getElementById(holder.dataset.chart);
  if (!source || typeof Plotly === "undefined") return;
  var figure = JSON.parse(source.textContent);
  Plotly.newPlot(holder, figure.data, figure.layout, {responsive: true, displaylogo: false});
});
