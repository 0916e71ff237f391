// A stand-in for `khabar serve` while developing the UI without a corpus: serves the built UI
// (build/web) and answers /api/* with the small fixtures below, in the shapes of docs/api.md.
// Usage: node tests/mock-server.mjs [PORT] [WEB_DIR]. The end-to-end test runs the real server.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.argv[2] || 8090);
const webDir = path.resolve(process.argv[3] || path.join(here, '../../build/web'));

const P = (paragraph, begin, end, text, type, id, label_en, qid = '') => ({
  paragraph,
  begin,
  end,
  text,
  type,
  id,
  label_en,
  qid,
  confidence: 0.9,
  source: 'model',
});

// The first whole-word occurrence of `text` in paragraph `p`, in code points (as khabar gives them).
function mention(paragraphs, p, text, type, id, label_en, qid) {
  const m = new RegExp(`(?<![\\p{L}])${text}(?![\\p{L}])`, 'u').exec(paragraphs[p]);
  if (!m) return null;
  const begin = Array.from(paragraphs[p].slice(0, m.index)).length;
  return P(p, begin, begin + Array.from(text).length, text, type, id, label_en, qid);
}

const wire = [
  'القاهرة (أ ش أ) - استقبل وزير الخارجية سامح شكري اليوم الأحد في القاهرة نظيره الأردني أيمن الصفدي لبحث العلاقات الثنائية.',
  'وقال المتحدث باسم وزارة الخارجية إن الوزيرين تناولا التعاون الاقتصادي بين مصر والأردن وتطورات الأوضاع في المنطقة.',
];
function article(id, site, published, title, paragraphs) {
  const ents = [];
  const add = (t, type, eid, en, qid) => {
    paragraphs.forEach((p, i) => {
      const m = mention(paragraphs, i, t, type, eid, en, qid);
      if (m) ents.push(m);
    });
  };
  add('سامح شكري', 'PERS', 'sameh-shoukry', 'Sameh Shoukry', 'Q312873');
  add('أيمن الصفدي', 'PERS', 'ayman-safadi', 'Ayman Safadi', 'Q4830419');
  add('وزارة الخارجية', 'ORG', 'NIL', '');
  add('مصر', 'LOC', 'egypt', 'Egypt', 'Q79');
  add('الأردن', 'LOC', 'jordan', 'Jordan', 'Q810');
  add('القاهرة', 'LOC', 'cairo', 'Cairo', 'Q85');
  ents.sort((a, b) => a.paragraph - b.paragraph || a.begin - b.begin);
  const counts = new Map();
  for (const e of ents) {
    const k = e.id === 'NIL' ? `${e.type}|${e.text}` : e.id;
    const c = counts.get(k) || {
      id: e.id,
      text: e.text,
      type: e.type,
      label_en: e.label_en,
      qid: e.qid,
      count: 0,
    };
    c.count++;
    counts.set(k, c);
  }
  return {
    id,
    source: {
      path: `feeds/${site}.jsonl`,
      url: `https://${site}/news/${id}`,
      site,
      encoding: 'UTF-8',
    },
    title,
    published,
    published_text: '',
    modified: '',
    author: '',
    dateline: {
      place: 'القاهرة',
      agency: {
        code: 'MENA',
        name_ar: 'وكالة أنباء الشرق الأوسط',
        name_en: 'Middle East News Agency',
        text: '(أ ش أ)',
      },
    },
    caption: '',
    paragraphs,
    boilerplate: [],
    warnings: [],
    entities: ents,
    entity_counts: [...counts.values()].sort((a, b) => b.count - a.count),
  };
}
const articles = [
  article('a1', 'ahram.org.eg', '2023-01-22T11:10+02:00', 'شكري يستقبل الصفدي في القاهرة', wire),
  article(
    'a2',
    'youm7.com',
    '2023-01-22T12:30+02:00',
    'وزير الخارجية يبحث مع نظيره الأردني العلاقات',
    wire,
  ),
  article(
    'a3',
    'petra.gov.jo',
    '2023-01-22T14:05+03:00',
    'الصفدي وشكري يبحثان في القاهرة التعاون',
    wire.slice(0, 1),
  ),
  article('a4', 'alghad.com', '2023-03-02T09:00+03:00', 'الأردن ومصر يوقعان اتفاقية للطاقة', [
    'عمان - وقع الأردن ومصر اليوم اتفاقية للربط الكهربائي بحضور وزير الخارجية أيمن الصفدي.',
  ]),
];
const byId = new Map(articles.map((a) => [a.id, a]));
const story = ['a1', 'a2', 'a3'];

function mark(text, q) {
  if (!q) return text;
  let out = text;
  for (const w of q.split(/\s+/).filter(Boolean)) out = out.split(w).join(`\u0002${w}\u0003`);
  return out;
}
const esc = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const html = (s) =>
  esc(s)
    .replace(/\u0002/g, '<mark>')
    .replace(/\u0003/g, '</mark>');
const plain = (s) => s.replace(/[\u0002\u0003]/g, '');

function search(u) {
  const q = u.searchParams.get('q') || '';
  const all = u.searchParams.get('all') === '1';
  const entity = u.searchParams.get('entity');
  const source = u.searchParams.get('source');
  let found = articles.filter((a) =>
    q.split(/\s+/).every((w) => (a.title + a.paragraphs.join(' ')).includes(w)),
  );
  if (entity) found = found.filter((a) => a.entities.some((e) => e.id === entity));
  if (source) found = found.filter((a) => a.source.site === source);
  if (!all)
    found = found.filter(
      (a) => !story.includes(a.id) || a.id === found.find((b) => story.includes(b.id))?.id,
    );
  const hits = found.map((a, i) => {
    const t = mark(a.title, q);
    const s = mark(a.paragraphs.join(' ').slice(0, 160), q) + '…';
    return {
      rank: i + 1,
      id: a.id,
      title: plain(t),
      title_html: html(t),
      snippet: plain(s),
      snippet_html: html(s),
      published: a.published,
      source: { site: a.source.site, url: a.source.url, path: '' },
      score: 1,
      story_size: !all && story.includes(a.id) ? 3 : 1,
    };
  });
  const facet = (key) => {
    const m = new Map();
    for (const a of found) for (const k of key(a)) m.set(k, (m.get(k) || 0) + 1);
    return [...m].map(([value, count]) => ({ value, count }));
  };
  return {
    query: { q, from: '', to: '', sources: [], all },
    total: hits.length,
    limit: 20,
    offset: 0,
    next_offset: null,
    hits,
    facets: {
      sample: found.length,
      sources: facet((a) => [a.source.site]).map(({ value, count }) => ({ site: value, count })),
      entities: facet((a) => [
        ...new Set(a.entities.filter((e) => e.id !== 'NIL').map((e) => e.id)),
      ]).map(({ value, count }) => entityRow(value, count)),
    },
  };
}

function entity(id) {
  const mentions = articles.flatMap((a) =>
    a.entities.filter((e) => e.id === id).map((e) => ({ a, e })),
  );
  if (!mentions.length) return null;
  const e = mentions[0].e;
  const arts = [...new Set(mentions.map((m) => m.a))];
  const timeline = new Map();
  for (const a of arts)
    timeline.set(a.published.slice(0, 7), (timeline.get(a.published.slice(0, 7)) || 0) + 1);
  const co = new Map();
  for (const a of arts)
    for (const x of new Set(
      a.entities.filter((y) => y.id !== id && y.id !== 'NIL').map((y) => y.id),
    ))
      co.set(x, (co.get(x) || 0) + 1);
  return {
    entity: {
      ...entityRow(id, arts.length),
      mentions: mentions.length,
      first_seen: arts[0].published.slice(0, 10),
      last_seen: arts[arts.length - 1].published.slice(0, 10),
    },
    timeline: {
      granularity: 'month',
      buckets: [...timeline].map(([period, count]) => ({ period, count })),
    },
    co_mentioned: [...co].map(([cid, count]) => ({ ...entityRow(cid), count, pmi: 0 })),
  };
}

// An entity as the API gives it (EntityJson): id, type, name_ar, label_en, qid, articles, mentions.
function entityRow(id, articlesCount) {
  const e = articles.flatMap((a) => a.entities).find((x) => x.id === id);
  const arts = articles.filter((a) => a.entities.some((x) => x.id === id));
  const mentions = arts.flatMap((a) => a.entities.filter((x) => x.id === id)).length;
  return {
    id,
    type: e.type,
    name_ar: e.text,
    label_en: e.label_en,
    qid: e.qid,
    articles: articlesCount ?? arts.length,
    mentions,
  };
}

function api(u) {
  const p = u.pathname;
  let m;
  if (p === '/api/health') return { status: 'ok', articles: articles.length };
  if (p === '/api/search')
    return u.searchParams.get('q') || u.searchParams.get('entity')
      ? search(u)
      : [400, "parameter 'q' (the query) or 'entity' is required"];
  if (p === '/api/stories')
    return {
      stories: [
        {
          id: 'a1',
          title: articles[0].title,
          size: 3,
          outlets: ['ahram.org.eg', 'youm7.com', 'petra.gov.jo'],
          first_published: articles[0].published,
          last_published: articles[2].published,
          article_ids: story,
        },
      ],
    };
  if ((m = /^\/api\/articles\/(\w+)$/.exec(p)) && byId.has(m[1])) {
    const dup = story.includes(m[1]) ? story.filter((x) => x !== m[1]).map((x) => byId.get(x)) : [];
    return {
      article: byId.get(m[1]),
      duplicates: dup.map((d) => ({
        id: d.id,
        title: d.title,
        site: d.source.site,
        published: d.published,
        jaccard: 0.8,
        containment: 0.9,
      })),
    };
  }
  if ((m = /^\/api\/stories\/(\w+)$/.exec(p)) && story.includes(m[1])) {
    const arts = story.map((x) => byId.get(x));
    return {
      id: m[1],
      title: byId.get(m[1]).title,
      size: 3,
      outlets: arts.map((a) => a.source.site),
      first_published: arts[0].published,
      last_published: arts[2].published,
      articles: arts.map((a) => ({
        id: a.id,
        title: a.title,
        site: a.source.site,
        published: a.published,
        jaccard: 0.8,
        containment: 0.9,
      })),
    };
  }
  if ((m = /^\/api\/entities\/([\w-]+)$/.exec(p))) return entity(m[1]) || [404, 'no such entity'];
  return [404, 'no such endpoint'];
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};
http
  .createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname.startsWith('/api/')) {
      const out = api(u);
      const [status, body] = Array.isArray(out)
        ? [out[0], { error: { status: out[0], message: out[1] } }]
        : [200, out];
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
      return;
    }
    const rel =
      u.pathname === '/'
        ? 'index.html'
        : path.normalize(decodeURIComponent(u.pathname)).replace(/^\/+/, '');
    if (rel.includes('..')) return res.writeHead(400).end();
    try {
      const data = await readFile(path.join(webDir, rel));
      res.writeHead(200, {
        'Content-Type': types[path.extname(rel)] || 'application/octet-stream',
      });
      res.end(data);
    } catch {
      res.writeHead(404).end('not found');
    }
  })
  .listen(port, '127.0.0.1', () =>
    console.log(`mock khabar API on http://127.0.0.1:${port}/ (web: ${webDir})`),
  );
