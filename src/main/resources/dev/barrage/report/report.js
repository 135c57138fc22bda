/*
 * Barrage report: draws every chart from the JSON in #barrage-data (see docs/reports.md).
 * Plain ES2017 and Chart.js 4, no network. Animations are off: the page is read and printed,
 * and a chart drawn at once is a chart a headless browser can check.
 */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('barrage-data').textContent);
  var PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777',
                 '#4b5563', '#65a30d', '#7c3aed', '#0d9488'];
  var P_COLORS = { p50: '#16a34a', p90: '#ea580c', p99: '#dc2626' };
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.size = 11.5;
  Chart.defaults.plugins.legend.labels.boxWidth = 14;
  var comparison = data.kind === 'comparison';
  window.barrageCharts = [];

  function fmt(v) {
    if (v === null || v === undefined) return '-';
    var a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
  }

  function card(containerId, title, note) {
    var container = document.getElementById(containerId);
    var div = document.createElement('div');
    div.className = 'card';
    var h = document.createElement('h3');
    h.textContent = title;
    div.appendChild(h);
    var p = document.createElement('p');
    p.textContent = note || '';
    div.appendChild(p);
    var plot = document.createElement('div');
    plot.className = 'plot';
    var canvas = document.createElement('canvas');
    plot.appendChild(canvas);
    div.appendChild(plot);
    container.appendChild(div);
    return canvas;
  }

  function draw(canvas, config) {
    window.barrageCharts.push(new Chart(canvas, config));
  }

  function dash(sweepIndex) { return sweepIndex === 0 ? [] : [7, 4]; }
  function prefix(sweep) { return comparison ? sweep.name + ' ' : ''; }

  function loadAxis() {
    var loads = [];
    data.sweeps.forEach(function (s) { s.runs.forEach(function (r) { loads.push(r.load); }); });
    var min = Math.min.apply(null, loads), max = Math.max.apply(null, loads);
    var log = min > 0 && max / min >= 10;
    var axis = { type: log ? 'logarithmic' : 'linear', title: { display: true, text: data.xLabel } };
    if (log) {
      /* On a log axis, ticks exactly at the tested loads: the generated ones (1, 2, 3 ... 10, 20)
         crowd each other and miss loads such as 32 or 128. */
      var distinct = loads.filter(function (v, i) { return loads.indexOf(v) === i; });
      axis.afterBuildTicks = function (scale) {
        scale.ticks = distinct.map(function (v) { return { value: v }; });
      };
      axis.ticks = { autoSkip: false, callback: function (v) { return Number(v).toString(); } };
    }
    return axis;
  }

  function yAxis(title, position) {
    var axis = { beginAtZero: true, title: { display: true, text: title } };
    if (position === 'right') { axis.position = 'right'; axis.grid = { drawOnChartArea: false }; }
    return axis;
  }

  function throughputChart() {
    var datasets = [];
    data.sweeps.forEach(function (s, si) {
      datasets.push({ label: prefix(s) + 'output tok/s', yAxisID: 'y', borderColor: PALETTE[0],
        backgroundColor: PALETTE[0], borderDash: dash(si),
        data: s.runs.map(function (r) { return { x: r.load, y: r.outputTps }; }) });
      datasets.push({ label: prefix(s) + 'requests/s', yAxisID: 'y1', borderColor: PALETTE[1],
        backgroundColor: PALETTE[1], borderDash: dash(si),
        data: s.runs.map(function (r) { return { x: r.load, y: r.rps }; }) });
    });
    draw(card('charts-load', 'Throughput against load',
      'Output tokens per second (left) and successful requests per second (right).'),
      { type: 'line', data: { datasets: datasets },
        options: { scales: { x: loadAxis(), y: yAxis('output tok/s'), y1: yAxis('req/s', 'right') } } });
  }

  function percentileChart(key, title, unit) {
    var datasets = [];
    data.sweeps.forEach(function (s, si) {
      ['p50', 'p90', 'p99'].forEach(function (p) {
        datasets.push({ label: prefix(s) + p, borderColor: P_COLORS[p], backgroundColor: P_COLORS[p],
          borderDash: dash(si), spanGaps: true,
          data: s.runs.map(function (r) { return { x: r.load, y: r.pct[key][p] }; }) });
      });
    });
    draw(card('charts-load', title + ' against load', '50th, 90th and 99th percentile, ' + unit + '.'),
      { type: 'line', data: { datasets: datasets },
        options: { scales: { x: loadAxis(), y: yAxis(title + ' (' + unit + ')') } } });
  }

  function histogramChart(run, key, title) {
    var d = run[key];
    var canvas = card('charts-dist', title + ' — ' + run.label,
      d.count + ' samples' + (d.overflow ? '; ' + d.overflow + ' beyond p99 in the last bar' : '') + '.');
    var labels = [], counts = [], cumulative = [], seen = 0;
    for (var i = 0; i < d.counts.length; i++) {
      labels.push(fmt((d.edges[i] + d.edges[i + 1]) / 2));
      counts.push(d.counts[i]);
      seen += d.counts[i];
      cumulative.push(d.count ? 100 * seen / d.count : 0);
    }
    if (d.overflow) {
      labels.push('> ' + fmt(d.edges[d.edges.length - 1]));
      counts.push(d.overflow);
      cumulative.push(100);
    }
    draw(canvas, { data: { labels: labels, datasets: [
        { type: 'bar', label: 'requests' + (key === 'itl' ? ' (gaps)' : ''), data: counts,
          backgroundColor: 'rgba(37,99,235,0.55)', yAxisID: 'y' },
        { type: 'line', label: 'cumulative %', data: cumulative, borderColor: '#dc2626',
          backgroundColor: '#dc2626', pointRadius: 0, yAxisID: 'y1' }] },
      options: { scales: { x: { title: { display: true, text: title + ' (ms), bin centre' } },
        y: yAxis('count'), y1: Object.assign(yAxis('%', 'right'), { max: 100 }) } } });
  }

  function cdfDatasets(run, key, color, sweepIndex, label) {
    return { label: label, borderColor: color, backgroundColor: color, borderDash: dash(sweepIndex),
      pointRadius: 0, borderWidth: 1.8,
      data: run[key].cdf.map(function (v, i) { return { x: v, y: data.cdfPercents[i] }; }) };
  }

  function cdfChart(key, title, heading, runsWithSweep) {
    var datasets = runsWithSweep.filter(function (e) { return e.run[key].count > 0; }).map(function (e) {
      return cdfDatasets(e.run, key, PALETTE[e.colour % PALETTE.length], e.sweep, e.label);
    });
    /* A few outliers would squeeze every curve against the y axis: past twice the largest
       p99.9, the axis is cut there and the note gives the maximum. */
    var i999 = data.cdfPercents.indexOf(99.9), p999 = 0, max = 0;
    runsWithSweep.forEach(function (e) {
      var c = e.run[key].cdf;
      if (c.length) { p999 = Math.max(p999, c[i999]); max = Math.max(max, c[c.length - 1]); }
    });
    var cut = max > 2 * p999 && p999 > 0;
    draw(card('charts-dist', heading,
      'Share of samples at or below each value; read p99 where a line crosses 99.' +
      (cut ? ' Axis cut at the largest p99.9 (' + fmt(p999) + ' ms); the maximum is ' + fmt(max) + ' ms.' : '')),
      { type: 'line', data: { datasets: datasets }, options: { scales: {
        x: { type: 'linear', max: cut ? p999 * 1.05 : undefined, title: { display: true, text: title + ' (ms)' } },
        y: { min: 0, max: 100, title: { display: true, text: 'percent of samples' } } } } });
  }

  function timelineChart(runs, title) {
    var datasets = [];
    runs.forEach(function (e) {
      var t = e.run.timeline;
      function series(name, values, color, axis) {
        datasets.push({ label: (comparison ? e.sweepName + ' ' : '') + name, yAxisID: axis, borderColor: color,
          backgroundColor: color, borderDash: dash(e.sweep), pointRadius: 0, borderWidth: 1.6, stepped: 'before',
          data: values.map(function (v, i) { return { x: t.t[i], y: v }; }) });
      }
      series('in flight', t.inFlight, PALETTE[3], 'y');
      series('completions/s', t.completions, PALETTE[2], 'y');
      series('errors/s', t.errors, PALETTE[1], 'y');
      series('output tok/s', t.tokens, PALETTE[0], 'y1');
    });
    draw(card('charts-timeline', title, 'Buckets of ' + runs[0].run.timeline.bucketS + ' s; rates per second.'),
      { type: 'line', data: { datasets: datasets }, options: { scales: {
        x: { type: 'linear', title: { display: true, text: 'seconds since the first request' } },
        y: yAxis('requests, requests/s'), y1: yAxis('output tok/s', 'right') } } });
  }

  /* Multi-turn runs: TTFT by turn number, p50 solid and p90 dashed, one colour per run. */
  function turnsChart(runs) {
    if (!document.getElementById('charts-turns')) return;
    var datasets = [];
    runs.filter(function (r) { return r.turns && r.turns.length; }).forEach(function (r, i) {
      var colour = PALETTE[i % PALETTE.length];
      ['p50', 'p90'].forEach(function (p) {
        datasets.push({ label: r.label + ' ' + p, borderColor: colour, backgroundColor: colour,
          borderDash: p === 'p90' ? [7, 4] : [], pointRadius: 3,
          data: r.turns.map(function (t) { return { x: t.turn, y: t[p] }; }) });
      });
    });
    if (!datasets.length) return;
    draw(card('charts-turns', 'TTFT by turn',
      'Time to first token of each turn of the conversations, 50th (solid) and 90th (dashed) percentile, ms. ' +
      'A server that caches the shared history keeps later turns near the first; one that recomputes it climbs.'),
      { type: 'line', data: { datasets: datasets }, options: { scales: {
        x: { type: 'linear', ticks: { stepSize: 1, precision: 0 }, title: { display: true, text: 'turn' } },
        y: { min: 0, title: { display: true, text: 'TTFT (ms)' } } } } });
  }

  /* Runs of B paired with runs of A at the same load. */
  function pairs() {
    var out = [], used = {};
    data.sweeps[0].runs.forEach(function (a) {
      data.sweeps[1].runs.some(function (b, j) {
        if (!used[j] && b.load === a.load) { used[j] = true; out.push([a, b]); return true; }
        return false;
      });
    });
    return out;
  }

  throughputChart();
  percentileChart('ttft', 'TTFT', 'ms');
  percentileChart('tpot', 'TPOT', 'ms');
  percentileChart('itl', 'ITL', 'ms');
  percentileChart('latency', 'Latency', 's');

  if (!comparison) {
    var runs = data.sweeps[0].runs;
    var all = runs.map(function (r, i) { return { run: r, colour: i, sweep: 0, label: r.label }; });
    turnsChart(runs);
    cdfChart('ttft', 'TTFT', 'TTFT CDF, all runs', all);
    cdfChart('itl', 'ITL', 'ITL CDF, all runs', all);
    runs.forEach(function (r) {
      if (r.ttft.count > 0) histogramChart(r, 'ttft', 'TTFT');
      if (r.itl.count > 0) histogramChart(r, 'itl', 'ITL');
      if (r.timeline.t.length > 0) timelineChart([{ run: r, sweep: 0 }], 'Timeline — ' + r.label);
    });
  } else {
    pairs().forEach(function (pair, i) {
      var both = [{ run: pair[0], colour: 0, sweep: 0, label: 'A ' + pair[0].label },
                  { run: pair[1], colour: 1, sweep: 1, label: 'B ' + pair[1].label }];
      cdfChart('ttft', 'TTFT', 'TTFT CDF — ' + pair[0].label, both);
      cdfChart('itl', 'ITL', 'ITL CDF — ' + pair[0].label, both);
      timelineChart([{ run: pair[0], sweep: 0, sweepName: 'A' }, { run: pair[1], sweep: 1, sweepName: 'B' }],
        'Timeline — ' + pair[0].label);
    });
  }
  document.body.setAttribute('data-charts', String(window.barrageCharts.length));
})();
