"""The page kit every app's pages share: base templates, template tags, the stylesheet, plotly.js,
the page cache and the data generation it is keyed by. It imports no app of Parity."""
