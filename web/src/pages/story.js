// Stories: the same wire story run by several outlets, found at ingest (docs/dedupe.md).
import { api } from '../api.js';
import { errorBox, formatDate, formatNumber, formatPercent, h, loading } from '../dom.js';
import { storyItem } from './search.js';

export async function renderStories(view, ctx) {
  view.append(
    h('h1', {}, 'القصص ', h('small', { class: 'muted' }, 'Stories')),
    h('p', { class: 'muted' }, 'الخبر نفسه كما نشرته منافذ مختلفة، الأكبر أولاً.'),
  );
  const box = h('div', {}, loading());
  view.append(box);
  const res = await api.stories({ limit: 100 });
  if (!ctx.current()) return;
  const stories = res.stories || [];
  box.replaceChildren(
    stories.length
      ? h('ul', { class: 'story-list' }, stories.map(storyItem))
      : h('p', { class: 'muted' }, 'لا توجد قصص مكررة بعد.'),
  );
}

export async function renderStory(view, id, ctx) {
  const res = await api.story(id);
  if (!ctx.current()) return;
  // docs/api.md: the article and its near-duplicates, already in publication order (undated last).
  const s = res;
  const articles = s.articles || [];
  const first = articles[0];
  view.append(
    h('p', { class: 'kicker' }, 'قصة'),
    h('h1', {}, s.title || first?.title || id),
    h(
      'div',
      { class: 'meta' },
      h('span', {}, `المقالات: ${formatNumber(s.size || articles.length)}`),
      s.outlets?.length ? h('span', {}, `المنافذ: ${formatNumber(s.outlets.length)}`) : null,
      s.first_published ? h('span', {}, `من ${formatDate(s.first_published)}`) : null,
      s.last_published && s.last_published !== s.first_published
        ? h('span', {}, `إلى ${formatDate(s.last_published)}`)
        : null,
    ),
    h('h2', {}, 'المنافذ التي نشرته بترتيب النشر'),
    h(
      'ol',
      { class: 'story-timeline', dataset: { testid: 'story-outlets' } },
      articles.map((a, i) =>
        h(
          'li',
          { class: i === 0 ? 'first' : null },
          h(
            'div',
            { class: 'when' },
            a.published
              ? h('time', { datetime: a.published }, formatDate(a.published))
              : 'تاريخ غير معروف',
          ),
          h(
            'div',
            { class: 'what' },
            h('bdi', { class: 'site' }, a.site || a.source?.site || '—'),
            i === 0 ? h('span', { class: 'badge' }, 'الأسبق') : null,
            h('a', { href: `#/article/${encodeURIComponent(a.id)}` }, a.title || a.id),
            a.jaccard !== undefined && a.id !== s.id
              ? h(
                  'small',
                  { class: 'muted', title: 'Estimated Jaccard similarity / containment' },
                  `تشابه ${formatPercent(a.jaccard)}`,
                )
              : null,
          ),
        ),
      ),
    ),
  );
  if (!articles.length) view.append(errorBox('قصة بلا مقالات'));
  document.title = `${s.title || 'قصة'} — خبر`;
}
