// The charts of a toolgym report (`toolgym report`), inlined into the page after Chart.js: each
// `canvas[data-chart]` is drawn from its spec in the page's data (a JSON script element).
// Tooltip texts arrive formatted (format-number.ts), so the page prints every figure one way.

(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  // Observable's categorical palette: distinguishable, and the same order as report.css.
  const PALETTE = [
    "#4269d0",
    "#efb118",
    "#ff725c",
    "#6cc5b0",
    "#3ca951",
    "#ff8ab7",
    "#a463f2",
    "#97bbf5",
  ];
  const color = (i) => PALETTE[i % PALETTE.length];

  /** Axis ticks: short, and no 3.000000E-5 for a learning rate. */
  function formatTick(value) {
    const a = Math.abs(value);
    if (a === 0) return "0";
    if (a < 1e-3 || a >= 1e6) return value.toExponential(1);
    return String(Number(value.toPrecision(3)));
  }

  function lineConfig(spec) {
    return {
      type: "line",
      data: {
        datasets: spec.series.map((s, i) => ({
          label: s.label,
          key: s.key,
          texts: s.texts,
          data: s.points.map(([x, y]) => ({ x, y })),
          borderColor: color(i),
          backgroundColor: color(i),
          borderWidth: 1.5,
          borderDash: s.kind === "eval" ? [5, 3] : undefined,
          pointRadius: s.kind === "eval" || s.points.length < 30 ? 3 : 0,
          tension: 0,
        })),
      },
      options: {
        scales: {
          x: { type: "linear", title: { display: true, text: spec.xLabel } },
          y: {
            // Quantities that cannot be negative start at 0 even when they are all 0.
            min: spec.yMin,
            suggestedMax: spec.yMax,
            title: { display: true, text: spec.yLabel },
            ticks: { callback: (value) => formatTick(value) },
          },
        },
        plugins: {
          legend: { labels: { boxWidth: 14, boxHeight: 2 } },
          tooltip: {
            callbacks: {
              title: (items) => `step ${items[0]?.parsed.x}`,
              label: (item) => `${item.dataset.label}: ${item.dataset.texts[item.dataIndex]}`,
            },
          },
        },
      },
    };
  }

  function barConfig(spec) {
    return {
      type: "bar",
      data: {
        labels: spec.categories,
        datasets: spec.series.map((s, i) => {
          const values = spec.categories.map(() => null);
          const texts = spec.categories.map(() => "–");
          s.points.forEach(([x, y], j) => {
            values[x] = y;
            texts[x] = s.texts[j];
          });
          return { label: s.label, key: s.key, data: values, texts, backgroundColor: color(i) };
        }),
      },
      options: {
        scales: {
          x: { title: { display: true, text: spec.xLabel } },
          y: { beginAtZero: true, title: { display: true, text: spec.yLabel } },
        },
        plugins: {
          legend: { display: spec.series.length > 1 },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${item.dataset.texts[item.dataIndex]}`,
            },
          },
        },
      },
    };
  }

  function drawCharts() {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    for (const spec of data.charts) {
      const canvas = document.querySelector(`canvas[data-chart="${CSS.escape(spec.id)}"]`);
      if (!canvas) continue;
      new Chart(canvas, spec.type === "bar" ? barConfig(spec) : lineConfig(spec));
      canvas.dataset.drawn = "true";
    }
  }

  drawCharts();
})();
