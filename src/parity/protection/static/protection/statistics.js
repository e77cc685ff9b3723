// Draws the statistics table as a bar chart with the plotly.js Parity serves itself. Only the
// counts released are drawn: a suppressed count is never a bar (the table says "suppressed").
document.querySelectorAll("[data-chart]").forEach(function (holder) {
  var source = document.getElementById(holder.dataset.chart);
  if (!source || typeof Plotly === "undefined") return;
  var figure = JSON.parse(source.textContent);
  Plotly.newPlot(holder, figure.data, figure.layout, {responsive: true, displaylogo: false});
});
