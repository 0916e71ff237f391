// Entity page: who or what it is (Arabic and English names, Wikidata), mentions over time (bar
// chart, Chart.js) and the entities mentioned in the same articles (network, Cytoscape.js).
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import cytoscape from 'cytoscape';
import { api } from '../api.js';
import {
  entityChip,
  entityName,
  entityType,
  flatEntity,
  formatDate,
  formatNumber,
  h,
  highlighted,
} from '../dom.js';
import { searchHref } from './search.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const FONT =
  '"Noto Sans Arabic", "Noto Naskh Arabic", "Segoe UI", Tahoma, "DejaVu Sans", sans-serif';

const nameOf = entityName;

/** The timeline's buckets ([{period, count}], docs/api.md) in chronological order. */
export function timelinePoints(buckets) {
  return (buckets || [])
    .map((b) => ({ period: String(b.period), count: Number(b.count) || 0 }))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

/**
 * Adds the empty periods between the first and the last (months, years, and days over at most
 * 180 days), so that a gap in the coverage shows as a gap in the chart.
 */
export function fillGaps(points) {
  if (points.length < 2) return points;
  const counts = new Map(points.map((p) => [p.period, p.count]));
  const first = points[0].period;
  const last = points[points.length - 1].period;
  const out = [];
  const all = (re) => points.every((p) => re.test(p.period));
  if (all(/^\d{4}$/)) {
    for (let y = +first; y <= +last; y++) out.push(String(y));
  } else if (all(/^\d{4}-\d{2}$/)) {
    let [y, m] = first.split('-').map(Number);
    for (let key = first; key <= last && out.length < 1200;) {
      out.push(key);
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
      key = `${y}-${String(m).padStart(2, '0')}`;
    }
  } else if (all(/^\d{4}-\d{2}-\d{2}$/)) {
    const day = 86400000;
    const a = Date.parse(`${first}T00:00:00Z`);
    const b = Date.parse(`${last}T00:00:00Z`);
    if ((b - a) / day > 180) return points;
    for (let t = a; t <= b; t += day) out.push(new Date(t).toISOString().slice(0, 10));
  } else {
    return points;
  }
  return out.map((period) => ({ period, count: counts.get(period) || 0 }));
}

function timelineChart(points, type, ctx) {
  const canvas = h('canvas', { role: 'img', 'aria-label': 'عدد المقالات عبر الزمن' });
  const total = points.reduce((s, p) => s + p.count, 0);
  const box = h(
    'div',
    {
      class: 'chart-box',
      dataset: { testid: 'timeline', points: String(points.length), total: String(total) },
    },
    canvas,
  );
  if (!points.length) {
    box.replaceChildren(h('p', { class: 'muted' }, 'لا تواريخ للمقالات التي تذكره.'));
    return box;
  }
  const color = entityType(type).color;
  // Created once the canvas is in the document (Chart.js measures its parent).
  requestAnimationFrame(() => {
    if (!ctx.current()) return;
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: points.map((p) => formatDate(p.period)),
        datasets: [
          {
            label: 'مقالات',
            data: points.map((p) => p.count),
            backgroundColor: `${color}cc`,
            borderColor: color,
            borderWidth: 1,
            maxBarThickness: 48,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: 'ar-EG',
        plugins: {
          legend: { display: false },
          tooltip: {
            rtl: true,
            textDirection: 'rtl',
            bodyFont: { family: FONT },
            titleFont: { family: FONT },
          },
        },
        scales: {
          // Time runs from right to left, like the text around it.
          x: {
            reverse: true,
            // Horizontal labels, as many as fit (Arabic reads badly rotated).
            ticks: { font: { family: FONT }, maxRotation: 0, autoSkip: true, autoSkipPadding: 14 },
            grid: { display: false },
          },
          y: {
            position: 'right',
            beginAtZero: true,
            ticks: { precision: 0, font: { family: FONT }, callback: (v) => formatNumber(v) },
          },
        },
      },
    });
    box.dataset.rendered = '1';
    ctx.onLeave(() => chart.destroy());
  });
  return box;
}

function coMentionGraph(entity, co, ctx) {
  const container = h('div', {
    class: 'graph',
    dataset: { testid: 'network', nodes: String(co.length + 1) },
  });
  if (!co.length) {
    const box = h(
      'div',
      { class: 'graph-empty' },
      h('p', { class: 'muted' }, 'لا كيانات أخرى ذُكرت معه.'),
    );
    return box;
  }
  const max = Math.max(...co.map((c) => c.count || 1));
  const elements = [
    {
      data: {
        id: entity.id,
        label: nameOf(entity),
        color: entityType(entity.type).color,
        size: 56,
        center: 1,
      },
    },
    ...co.map((c) => ({
      data: {
        id: `n:${c.id}`,
        target_id: c.id,
        label: nameOf(c),
        title: c.label_en || '',
        color: entityType(c.type).color,
        size: 22 + 26 * ((c.count || 1) / max),
      },
    })),
    ...co.map((c) => ({
      data: {
        id: `e:${c.id}`,
        source: entity.id,
        target: `n:${c.id}`,
        weight: 1 + 7 * ((c.count || 1) / max),
        count: c.count || 1,
      },
    })),
  ];
  requestAnimationFrame(() => {
    if (!ctx.current()) return;
    const cy = cytoscape({
      container,
      elements,
      minZoom: 0.3,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(color)',
            width: 'data(size)',
            height: 'data(size)',
            label: 'data(label)',
            'font-family': FONT,
            'font-size': 13,
            color: '#1b1f24',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
            'text-background-padding': 2,
          },
        },
        {
          selector: 'node[center]',
          style: {
            'font-size': 16,
            'font-weight': 'bold',
            'border-width': 3,
            'border-color': '#1b1f24',
          },
        },
        {
          selector: 'edge',
          style: {
            width: 'data(weight)',
            'line-color': '#b6bec9',
            opacity: 0.8,
            'curve-style': 'straight',
          },
        },
      ],
      layout: {
        name: 'concentric',
        // The entity in the middle, the others on a ring around it.
        concentric: (n) => (n.data('center') ? 2 : 1),
        levelWidth: () => 1,
        minNodeSpacing: 50,
        animate: false,
      },
    });
    cy.on('tap', 'node', (ev) => {
      const id = ev.target.data('target_id');
      if (id) location.hash = `#/entity/${encodeURIComponent(id)}`;
    });
    cy.on('mouseover', 'node', (ev) => {
      container.title = [ev.target.data('label'), ev.target.data('title')]
        .filter(Boolean)
        .join(' · ');
      container.style.cursor = ev.target.data('target_id') ? 'pointer' : '';
    });
    container.dataset.rendered = '1';
    ctx.onLeave(() => cy.destroy());
  });
  return container;
}

function articleList(hits) {
  if (!hits?.length) return null;
  return h(
    'section',
    { class: 'entity-articles' },
    h('h2', {}, 'أحدث المقالات التي تذكره'),
    h(
      'ul',
      { class: 'plain-list' },
      hits.map((a) =>
        h(
          'li',
          {},
          // The entity's headline mentions marked (title_html, docs/api.md).
          h(
            'a',
            { href: `#/article/${encodeURIComponent(a.id)}` },
            a.title ? highlighted(a, 'title') : a.id,
          ),
          h(
            'div',
            { class: 'meta' },
            a.source?.site ? h('bdi', {}, a.source.site) : null,
            a.published ? h('time', { datetime: a.published }, formatDate(a.published)) : null,
            a.story_size > 1 ? h('span', {}, `نسخ أخرى: ${formatNumber(a.story_size - 1)}`) : null,
          ),
        ),
      ),
    ),
  );
}

const DAY_MS = 86400000;

/**
 * GET /api/entities/{id} (docs/api.md): {entity, timeline: {granularity, buckets}, co_mentioned}.
 * Monthly buckets, or daily ones when all its articles fall within two months.
 */
async function loadEntity(id) {
  const res = await api.entity(id, { limit: 25 });
  const { first_seen: first, last_seen: last } = res.entity;
  const span = first && last ? (Date.parse(last) - Date.parse(first)) / DAY_MS : Infinity;
  if (span <= 62) {
    const daily = await api.entity(id, { limit: 25, granularity: 'day' });
    return daily;
  }
  return res;
}

export async function renderEntity(view, id, ctx) {
  const [res, recent] = await Promise.all([
    loadEntity(id),
    // The newest articles that mention it (the search lists them newest first without `q`).
    api.search({ entity: id, limit: 10 }).catch(() => null),
  ]);
  if (!ctx.current()) return;
  const e = res.entity;
  const t = entityType(e.type);
  const points = fillGaps(timelinePoints(res.timeline?.buckets));
  const co = (res.co_mentioned || []).map(flatEntity).filter((c) => c.id && c.id !== e.id);
  view.append(
    h(
      'header',
      { class: 'entity-header' },
      h('h1', {}, h('span', { class: `ent ${t.cls}` }, nameOf(e))),
      e.label_en ? h('p', { class: 'label-en', dir: 'ltr', lang: 'en' }, e.label_en) : null,
      h(
        'div',
        { class: 'meta' },
        h('span', { class: `badge ${t.cls}` }, `${t.ar} · ${t.en}`),
        h('span', {}, `المقالات: ${formatNumber(e.articles)}`),
        h('span', {}, `الإشارات: ${formatNumber(e.mentions)}`),
        e.first_seen
          ? h(
              'span',
              {},
              e.first_seen === e.last_seen
                ? formatDate(e.first_seen)
                : `${formatDate(e.first_seen)} – ${formatDate(e.last_seen)}`,
            )
          : null,
        e.qid
          ? h(
              'a',
              {
                href: `https://www.wikidata.org/wiki/${encodeURIComponent(e.qid)}`,
                rel: 'noopener noreferrer',
                target: '_blank',
                dir: 'ltr',
              },
              `Wikidata ${e.qid} ↗`,
            )
          : null,
        h('a', { href: searchHref({ entity: e.id }) }, 'كل المقالات ←'),
      ),
    ),
    h(
      'div',
      { class: 'entity-grid' },
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'المقالات عبر الزمن'),
        timelineChart(points, e.type, ctx),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'يُذكر معه'),
        coMentionGraph(e, co, ctx),
        co.length
          ? h(
              'ul',
              { class: 'entity-list' },
              co.map((c) => h('li', {}, entityChip(c, c.count))),
            )
          : null,
      ),
    ),
    articleList(recent?.hits),
  );
  document.title = `${nameOf(e)} — خبر`;
}
