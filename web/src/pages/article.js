// Article view: the clean record, its entities highlighted in the text by type and linked to their
// pages, and the other outlets that ran the same story.
import { api } from '../api.js';
import {
  ENTITY_TYPES,
  entityChip,
  entityLegend,
  entityType,
  formatDate,
  formatNumber,
  formatPercent,
  h,
} from '../dom.js';

/**
 * A paragraph as nodes, with the mentions that fall in it as links. Mention offsets are code points
 * (docs/record-format.md), hence Array.from; overlapping or out-of-range mentions are skipped.
 */
export function paragraphWithEntities(text, mentions) {
  const chars = Array.from(text);
  const out = [];
  let pos = 0;
  const sorted = [...mentions].sort((a, b) => a.begin - b.begin || b.end - a.end);
  for (const m of sorted) {
    if (!(m.begin >= pos && m.end > m.begin && m.end <= chars.length)) continue;
    if (m.begin > pos) out.push(chars.slice(pos, m.begin).join(''));
    const t = entityType(m.type);
    const surface = chars.slice(m.begin, m.end).join('');
    const title = [m.label_en, t.en, isLinked(m) ? null : 'not in the knowledge base']
      .filter(Boolean)
      .join(' · ');
    out.push(
      isLinked(m)
        ? h(
            'a',
            {
              class: `ent ${t.cls}`,
              href: `#/entity/${encodeURIComponent(m.id)}`,
              title,
              dataset: { entity: m.id, type: m.type || 'MISC' },
            },
            surface,
          )
        : h(
            'span',
            { class: `ent ${t.cls} unlinked`, title, dataset: { type: m.type || 'MISC' } },
            surface,
          ),
    );
    pos = m.end;
  }
  if (pos < chars.length) out.push(chars.slice(pos).join(''));
  return out;
}

/** The record's distinct entities with mention counts (entity_counts), by type then frequency. */
function entitySummary(rec) {
  let rows = rec.entity_counts;
  if (!Array.isArray(rows) || !rows.length) {
    // Older records: count the mentions.
    const byKey = new Map();
    for (const m of [...(rec.title_entities || []), ...(rec.entities || [])]) {
      const key = isLinked(m) ? m.id : `${m.type}\u0000${m.text}`;
      const e = byKey.get(key) || { ...m, count: 0 };
      e.count += 1;
      byKey.set(key, e);
    }
    rows = [...byKey.values()];
  }
  const order = Object.keys(ENTITY_TYPES);
  return [...rows].sort(
    (a, b) => order.indexOf(a.type) - order.indexOf(b.type) || b.count - a.count,
  );
}

/** Linked to the knowledge base: has an id other than NIL (docs/record-format.md). */
export function isLinked(m) {
  return !!m.id && m.id !== 'NIL';
}

function summaryChip(e) {
  const t = entityType(e.type);
  const chip = isLinked(e)
    ? entityChip(e, e.count)
    : h(
        'span',
        { class: `ent ${t.cls} unlinked`, title: `${t.en} · not in the knowledge base` },
        e.text,
        h('span', { class: 'count' }, formatNumber(e.count)),
      );
  return h(
    'li',
    {},
    chip,
    e.label_en ? h('small', { class: 'label-en', dir: 'ltr', lang: 'en' }, e.label_en) : null,
  );
}

function metaLine(rec) {
  const src = rec.source || {};
  const agency = rec.dateline?.agency;
  return h(
    'div',
    { class: 'meta article-meta' },
    src.site ? h('bdi', { class: 'site' }, src.site) : null,
    rec.published
      ? h(
          'time',
          { datetime: rec.published, title: rec.published_text || rec.published },
          formatDate(rec.published),
        )
      : rec.published_text
        ? h('span', {}, rec.published_text)
        : null,
    rec.author ? h('span', {}, `كتب: ${rec.author}`) : null,
    rec.dateline?.place ? h('span', {}, rec.dateline.place) : null,
    agency
      ? h(
          'span',
          { class: 'agency', title: agency.text || '' },
          agency.name_ar || agency.text,
          agency.name_en
            ? [' ', h('bdi', { class: 'label-en', lang: 'en' }, `(${agency.name_en})`)]
            : null,
        )
      : null,
    src.url
      ? h(
          'a',
          { href: src.url, rel: 'noopener noreferrer', target: '_blank', dir: 'ltr', class: 'url' },
          'المصدر الأصلي ↗',
        )
      : src.path
        ? h(
            'bdi',
            { class: 'path', dir: 'ltr' },
            src.path + (src.locator ? ` (${src.locator})` : ''),
          )
        : null,
  );
}

function duplicatesBox(res) {
  const dupes = res.duplicates || [];
  if (!dupes.length) return null;
  const id = (res.article || res).id;
  return h(
    'section',
    { class: 'side-box duplicates' },
    h('h3', {}, 'نُشر أيضاً في'),
    h(
      'ul',
      {},
      dupes.map((d) =>
        h(
          'li',
          {},
          h('a', { href: `#/article/${encodeURIComponent(d.id)}` }, h('bdi', {}, d.site || d.id)),
          d.published ? h('small', { class: 'muted' }, ' ', formatDate(d.published)) : null,
          d.jaccard
            ? h(
                'small',
                { class: 'muted', title: 'Estimated Jaccard similarity' },
                ` · تشابه ${formatPercent(d.jaccard)}`,
              )
            : null,
        ),
      ),
    ),
    h('a', { class: 'more', href: `#/story/${encodeURIComponent(id)}` }, 'القصة كاملة ←'),
  );
}

export async function renderArticle(view, id, ctx) {
  const res = await api.article(id);
  if (!ctx.current()) return;
  const rec = res.article; // docs/api.md: {article: <record>, duplicates: [...]}
  // Mentions by paragraph; the headline's are apart, offsets into the title (docs/record-format.md).
  const byParagraph = new Map();
  for (const m of rec.entities || []) {
    if (!byParagraph.has(m.paragraph)) byParagraph.set(m.paragraph, []);
    byParagraph.get(m.paragraph).push(m);
  }
  const summary = entitySummary(rec);
  const article = h(
    'article',
    { class: 'article', dataset: { id: rec.id } },
    h(
      'h1',
      { class: 'article-title' },
      rec.title ? paragraphWithEntities(rec.title, rec.title_entities || []) : '(بلا عنوان)',
    ),
    metaLine(rec),
    rec.caption ? h('p', { class: 'caption' }, rec.caption) : null,
    h(
      'div',
      { class: 'article-body' },
      (rec.paragraphs || []).map((text, i) =>
        h('p', {}, paragraphWithEntities(text, byParagraph.get(i) || [])),
      ),
    ),
    rec.warnings?.length
      ? h(
          'details',
          { class: 'warnings' },
          h('summary', {}, 'ملاحظات المحلل'),
          h(
            'ul',
            { dir: 'ltr' },
            rec.warnings.map((w) => h('li', {}, w)),
          ),
        )
      : null,
  );
  const aside = h(
    'aside',
    { class: 'article-side' },
    h(
      'section',
      { class: 'side-box entities' },
      h('h3', {}, 'الكيانات'),
      entityLegend(),
      summary.length
        ? h('ul', { class: 'entity-summary' }, summary.map(summaryChip))
        : h('p', { class: 'muted' }, 'لا كيانات مرتبطة بقاعدة المعرفة.'),
    ),
    duplicatesBox(res),
  );
  view.append(h('div', { class: 'two-col' }, article, aside));
  document.title = `${rec.title || 'مقال'} — خبر`;
}
