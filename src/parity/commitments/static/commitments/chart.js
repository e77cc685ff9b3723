// Draws each progress chart from its JSON, using the plotly.js Parity serves itself.
// Without JavaScript the tables beside the chart carry the same figures.
document.querySelectorAll("[data-chart]").forEach(function (holder) {
  var source = document.getElementById(holder.dataset.chart);
  if (!source || typeof Plotly === "undefined") return;
  var figure = JSON.parse(source.textContent);
  Plotly.newPlot(holder, figure.data, figure.layout, {responsive: true, displaylogo: false});
});
