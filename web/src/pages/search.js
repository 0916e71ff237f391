// Search: query + filters (dates, outlet, entity, all copies), facets, highlighted results with
// near-duplicates folded into their story.
import { api } from '../api.js';
import {
  entityChip,
  entityName,
  entityType,
  flatEntity,
  errorBox,
  formatDate,
  formatNumber,
  h,
  highlighted,
  loading,
} from '../dom.js';

const PAGE_SIZE = 20;

export function searchHref(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  return `#/search?${qs}`;
}

function paramsObject(params) {
  const o = {};
  for (const k of ['q', 'from', 'to', 'source', 'entity', 'all', 'offset']) {
    if (params.get(k)) o[k] = params.get(k);
  }
  return o;
}

function searchForm(p) {
  const q = h('input', {
    type: 'search',
    name: 'q',
    value: p.q || '',
    placeholder: 'ابحث في الأخبار… مثلاً: وزارة الخارجية "مجلس الأمن" -أوكرانيا',
    'aria-label': 'نص البحث',
    autocomplete: 'off',
    dir: 'auto',
    required: !p.entity, // an entity filter alone lists the articles mentioning it
  });
  const from = h('input', {
    type: 'date',
    name: 'from',
    value: p.from || '',
    'aria-label': 'من تاريخ',
  });
  const to = h('input', { type: 'date', name: 'to', value: p.to || '', 'aria-label': 'إلى تاريخ' });
  const source = h('input', {
    type: 'text',
    name: 'source',
    value: p.source || '',
    placeholder: 'المصدر (موقع أو مسار)',
    'aria-label': 'المصدر',
    dir: 'ltr',
  });
  const all = h('input', { type: 'checkbox', name: 'all', checked: !!p.all });
  const form = h(
    'form',
    {
      class: 'search-form',
      role: 'search',
      onsubmit: (ev) => {
        ev.preventDefault();
        const next = {
          q: q.value.trim(),
          from: from.value,
          to: to.value,
          source: source.value.trim(),
          entity: p.entity,
          all: all.checked ? '1' : '',
        };
        if (!next.q && !next.entity) return;
        location.hash = searchHref(next);
      },
    },
    h('div', { class: 'search-row' }, q, h('button', { type: 'submit' }, 'بحث')),
    h(
      'div',
      { class: 'filters' },
      h('label', {}, 'من ', from),
      h('label', {}, 'إلى ', to),
      h('label', {}, 'المصدر ', source),
      h(
        'label',
        { class: 'check', title: 'Show every copy of a wire story' },
        all,
        ' كل النسخ المكررة',
      ),
    ),
  );
  return form;
}

export async function renderHome(view, ctx) {
  view.appendChild(
    h(
      'section',
      { class: 'hero' },
      h('h1', {}, 'ابحث في الأخبار العربية'),
      h(
        'p',
        { class: 'muted' },
        'يجد البحث الكلمة بكل صيغها وتهجئاتها: «الوزارة» تجد «وزارتها» و«والوزارات»، و«امريكا» تجد «أمريكا».',
      ),
      searchForm({}),
    ),
  );
  const people = h('section', { class: 'home-entities' });
  const box = h('section', { class: 'home-stories' }, h('h2', {}, 'أكبر القصص'), loading());
  view.append(people, box);
  // The most mentioned entities: a way in without a query (docs/api.md GET /api/entities).
  api
    .entities({ limit: 16 })
    .then((res) => {
      if (!ctx.current() || !res.entities?.length) return;
      people.append(
        h('h2', {}, 'الأكثر ذكراً'),
        h(
          'ul',
          { class: 'entity-list' },
          res.entities.map(flatEntity).map((e) => h('li', {}, entityChip(e, e.count))),
        ),
      );
    })
    .catch(() => {});
  try {
    const res = await api.stories({ limit: 8 });
    if (!ctx.current()) return;
    box.lastChild.remove();
    const stories = res.stories || [];
    if (!stories.length) box.appendChild(h('p', { class: 'muted' }, 'لا توجد قصص مكررة بعد.'));
    box.appendChild(h('ul', { class: 'story-list' }, stories.map(storyItem)));
  } catch (err) {
    box.lastChild.replaceWith(errorBox(err));
  }
}

export function storyItem(s) {
  const id = s.id || s.representative_id;
  return h(
    'li',
    {},
    h('a', { href: `#/story/${encodeURIComponent(id)}`, class: 'story-title' }, s.title || id),
    h(
      'div',
      { class: 'meta' },
      h('span', {}, `المقالات: ${formatNumber(s.size)}`),
      s.outlets?.length ? h('span', { dir: 'auto' }, s.outlets.join('، ')) : null,
      s.first_published ? h('span', {}, formatDate(s.first_published)) : null,
    ),
  );
}

function facetList(title, items, makeHref, isActive, renderLabel) {
  if (!items || !items.length) return null;
  return h(
    'section',
    { class: 'facet' },
    h('h3', {}, title),
    h(
      'ul',
      {},
      items.map((it) =>
        h(
          'li',
          { class: isActive(it) ? 'active' : null },
          h('a', { href: makeHref(it) }, renderLabel(it)),
          h('span', { class: 'count' }, formatNumber(it.count)),
        ),
      ),
    ),
  );
}

function facetsPanel(facets, p, total) {
  if (!facets) return null;
  // docs/api.md: sources [{site, count}], entities [{id, type, name_ar, label_en, articles, ...}].
  const sources = (facets.sources || []).filter((s) => s.site);
  const entities = (facets.entities || []).map(flatEntity).filter((e) => e.id !== p.entity);
  const value = (it) => it.site;
  const toggle = (key, v) => searchHref({ ...p, offset: '', [key]: p[key] === v ? '' : v });
  return h(
    'aside',
    { class: 'facets', 'aria-label': 'تصفية النتائج' },
    facets.sample && facets.sample < total
      ? h('p', { class: 'muted facet-note' }, `محسوبة على أول ${formatNumber(facets.sample)} نتيجة`)
      : null,
    facetList(
      'المصادر',
      sources,
      (it) => toggle('source', it.site),
      (it) => p.source === value(it),
      (it) => h('bdi', {}, value(it)),
    ),
    facetList(
      'الكيانات',
      entities,
      (it) => toggle('entity', it.id),
      (it) => p.entity === it.id,
      (it) =>
        h(
          'span',
          { class: `ent ${entityType(it.type).cls}`, title: it.label_en || '' },
          entityName(it),
        ),
    ),
  );
}

function hitItem(hit, p) {
  const storySize = hit.story_size || 1;
  const src = hit.source || hit;
  const where = src.site || src.url || src.path || '';
  return h(
    'li',
    { class: 'hit', dataset: { id: hit.id } },
    h(
      'a',
      { class: 'hit-title', href: `#/article/${encodeURIComponent(hit.id)}` },
      highlighted(hit, 'title'),
    ),
    h(
      'div',
      { class: 'meta' },
      where ? h('bdi', { class: 'site' }, where) : null,
      hit.published ? h('time', { datetime: hit.published }, formatDate(hit.published)) : null,
      storySize > 1 && !p.all
        ? h(
            'a',
            {
              class: 'dupes',
              href: `#/story/${encodeURIComponent(hit.id)}`,
              title: 'The same wire story in other outlets',
            },
            `نسخ أخرى: ${formatNumber(storySize - 1)}`,
          )
        : null,
    ),
    h('p', { class: 'snippet' }, highlighted(hit, 'snippet')),
  );
}

function pager(total, offset, count, p) {
  if (total <= count && offset === 0) return null;
  const prev =
    offset > 0 ? searchHref({ ...p, offset: String(Math.max(0, offset - PAGE_SIZE)) }) : null;
  const next =
    offset + count < total ? searchHref({ ...p, offset: String(offset + PAGE_SIZE) }) : null;
  return h(
    'nav',
    { class: 'pager' },
    prev ? h('a', { href: prev }, '→ السابق') : h('span'),
    h(
      'span',
      { class: 'muted' },
      `${formatNumber(offset + 1)}–${formatNumber(offset + count)} من ${formatNumber(total)}`,
    ),
    next ? h('a', { href: next }, 'التالي ←') : h('span'),
  );
}

export async function renderSearch(view, params, ctx) {
  const p = paramsObject(params);
  view.appendChild(searchForm(p));
  const entityLink = h(
    'a',
    { href: `#/entity/${encodeURIComponent(p.entity || '')}` },
    h('bdi', {}, p.entity),
  );
  if (p.entity) {
    view.appendChild(
      h(
        'p',
        { class: 'active-filter' },
        'مقالات تذكر ',
        entityLink,
        ' ',
        h(
          'a',
          { class: 'remove', href: searchHref({ ...p, entity: '', offset: '' }), title: 'إزالة' },
          '×',
        ),
      ),
    );
  }
  if (!p.q && !p.entity) return;
  const body = h('div', { class: 'search-body' }, loading());
  view.appendChild(body);
  const offset = Number(p.offset || 0);
  let res;
  try {
    res = await api.search({ ...p, limit: PAGE_SIZE, offset, all: p.all ? 1 : '', facets: 1 });
  } catch (err) {
    if (ctx.current()) body.replaceChildren(errorBox(err));
    return;
  }
  if (!ctx.current()) return;
  const hits = res.hits || res.results || [];
  const total = res.total ?? hits.length;
  const results = h(
    'section',
    { class: 'results', 'aria-label': 'النتائج' },
    h(
      'p',
      { class: 'result-count' },
      total
        ? `عدد النتائج: ${res.total_is_estimate ? 'نحو ' : ''}${formatNumber(total)}`
        : 'لا نتائج. جرّب كلمات أقل أو تهجئة أخرى.',
    ),
    h(
      'ol',
      { class: 'hits' },
      hits.map((hit) => hitItem(hit, p)),
    ),
    pager(total, offset, hits.length, p),
  );
  const named = (res.facets?.entities || []).find((e) => e.id === p.entity);
  if (named) {
    entityLink.replaceChildren(
      h('bdi', { class: `ent ${entityType(named.type).cls}` }, entityName(named)),
    );
    entityLink.title = named.label_en || '';
  }
  const facets = facetsPanel(res.facets, p, total);
  body.classList.toggle('no-facets', !facets);
  body.replaceChildren(results, facets || '');
}
