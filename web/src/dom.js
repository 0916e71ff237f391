// DOM helpers. Every piece of text from the corpus reaches the page as a text node: nothing the
// server returns is ever assigned to innerHTML, so an article cannot inject markup or script.

/**
 * Creates an element. `attrs`: properties/attributes (`class`, `href`, `dataset`, `on*` handlers);
 * children: strings (text nodes), nodes, arrays, or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' || key === 'checked') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const MARK_BEGIN = '\u0002';
const MARK_END = '\u0003';

/**
 * Text with search highlights as a fragment of text nodes and <mark> elements. Accepts the corpus
 * markers (\x02 … \x03, include/khabar/store.h); unbalanced markers are tolerated.
 */
export function markedText(text) {
  const frag = document.createDocumentFragment();
  if (!text) return frag;
  let inMark = false;
  let buf = '';
  const flush = () => {
    if (!buf) return;
    frag.appendChild(inMark ? h('mark', {}, buf) : document.createTextNode(buf));
    buf = '';
  };
  for (const ch of text) {
    if (ch === MARK_BEGIN) {
      flush();
      inMark = true;
    } else if (ch === MARK_END) {
      flush();
      inMark = false;
    } else {
      buf += ch;
    }
  }
  flush();
  return frag;
}

/**
 * Server-made highlight HTML (escaped text with <mark> elements) as a fragment that keeps only
 * text and <mark>: parsed inertly with DOMParser (no script runs, no resource loads), then rebuilt
 * from text nodes, so a server bug can never become markup on the page.
 */
export function markedHtml(html) {
  const frag = document.createDocumentFragment();
  if (!html) return frag;
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const walk = (node, inMark) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        const text = document.createTextNode(child.nodeValue);
        frag.appendChild(inMark ? h('mark', {}, text) : text);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        walk(child, inMark || child.nodeName === 'MARK');
      }
    }
  };
  walk(doc.body, false);
  return frag;
}

/** A hit's highlighted field: prefers `<field>_html`, else the raw field with \x02/\x03 markers. */
export function highlighted(obj, field) {
  const html = obj[`${field}_html`];
  if (typeof html === 'string') return markedHtml(html);
  return markedText(obj[field] || '');
}

/** The plain text of a highlighted string (markers removed). */
export function plain(text) {
  return (text || '').replace(/[\u0002\u0003]/g, '');
}

const arabicNumber = new Intl.NumberFormat('ar-EG', { useGrouping: false });
const dayFormat = new Intl.DateTimeFormat('ar-EG', { timeZone: 'UTC', dateStyle: 'long' });
const minuteFormat = new Intl.DateTimeFormat('ar-EG', {
  timeZone: 'UTC',
  dateStyle: 'long',
  timeStyle: 'short',
});
const monthFormat = new Intl.DateTimeFormat('ar-EG', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'long',
});

/**
 * An ISO 8601 date at its own precision ("2022", "2022-02", "2022-02-11", "2022-02-11T18:20+02:00")
 * in Arabic, as written: the wall-clock time is shown without converting time zones.
 */
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?)?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, hh, mm] = m;
  if (!mo) return arabicNumber.format(Number(y));
  const date = new Date(Date.UTC(+y, +mo - 1, d ? +d : 1, hh ? +hh : 12, mm ? +mm : 0));
  if (!d) return monthFormat.format(date);
  return (hh ? minuteFormat : dayFormat).format(date);
}

const groupedNumber = new Intl.NumberFormat('ar-EG');

const percentFormat = new Intl.NumberFormat('ar-EG', {
  style: 'percent',
  maximumFractionDigits: 0,
});

/** 0.83 -> "٨٣٪". */
export function formatPercent(x) {
  return percentFormat.format(x || 0);
}

export function formatNumber(n) {
  return groupedNumber.format(n || 0);
}

/** Entity types: Arabic and English names and the CSS class that colors them. */
export const ENTITY_TYPES = {
  PERS: { ar: 'شخص', en: 'Person', cls: 'ent-pers', color: '#1f6feb' },
  ORG: { ar: 'منظمة', en: 'Organization', cls: 'ent-org', color: '#b35900' },
  LOC: { ar: 'مكان', en: 'Place', cls: 'ent-loc', color: '#1a7f37' },
  MISC: { ar: 'أخرى', en: 'Other', cls: 'ent-misc', color: '#8250df' },
};

export function entityType(type) {
  return ENTITY_TYPES[type] || ENTITY_TYPES.MISC;
}

/** The legend of entity colors. */
export function entityLegend() {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'أنواع الكيانات' },
    Object.entries(ENTITY_TYPES).map(([key, t]) =>
      h(
        'li',
        {},
        h('span', { class: `ent ${t.cls}`, title: t.en }, t.ar),
        ' ',
        h('small', {}, t.en),
      ),
    ),
  );
}

/** An entity's Arabic name: the KB's, else the form written in the text. */
export function entityName(e) {
  return e.name_ar || e.label || e.label_ar || e.name || e.text || e.id;
}

/**
 * Flattens the API's entity rows: {entity: {id, name_ar, ...}, count, pmi} or {id, ..., articles}
 * become {id, name_ar, type, label_en, qid, count, ...}.
 */
export function flatEntity(row) {
  const e = row.entity ? { ...row.entity, ...row, entity: undefined } : { ...row };
  if (e.count === undefined) e.count = e.articles ?? e.mentions;
  return e;
}

/** Link to an entity page, colored by type, with its English label as a tooltip. */
export function entityChip(e, count) {
  const t = entityType(e.type);
  const label = entityName(e);
  return h(
    'a',
    {
      class: `ent ${t.cls}`,
      href: `#/entity/${encodeURIComponent(e.id)}`,
      title: [e.label_en, t.en].filter(Boolean).join(' · '),
      dataset: { entity: e.id, type: e.type || 'MISC' },
    },
    label,
    count ? h('span', { class: 'count' }, formatNumber(count)) : null,
  );
}

export function loading() {
  return h('p', { class: 'loading' }, 'جارٍ التحميل…');
}

export function errorBox(err) {
  return h(
    'div',
    { class: 'error', role: 'alert' },
    err && err.message ? err.message : String(err),
  );
}
