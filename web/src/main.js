// Hash routes, so that the server only serves static files and the API:
//   #/                      home: search box, corpus figures, largest stories
//   #/search?q=&from=&to=&source=&entity=&all=&offset=
//   #/article/ID   #/entity/ID   #/story/ID   #/stories
import './style.css';
import { api } from './api.js';
import { clear, errorBox, formatNumber, h } from './dom.js';
import { renderArticle } from './pages/article.js';
import { renderHome, renderSearch } from './pages/search.js';
import { renderStories, renderStory } from './pages/story.js';

const app = document.getElementById('app');
let renderSeq = 0;
let cleanups = [];

export function parseRoute(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || '', arg: parts[1] || '', params: new URLSearchParams(query) };
}

async function route() {
  const seq = ++renderSeq;
  for (const fn of cleanups) fn();
  cleanups = [];
  const { name, arg, params } = parseRoute(location.hash);
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.classList.toggle(
      'active',
      a.dataset.nav === name || (name === 'article' && a.dataset.nav === 'search'),
    );
  }
  const view = h('div', { class: `page page-${name || 'home'}` });
  clear(app).appendChild(view);
  const ctx = {
    // A page registers teardown (charts, graphs) here; it runs on the next navigation.
    onLeave: (fn) => cleanups.push(fn),
    // False once the user has navigated away: late responses are dropped.
    current: () => seq === renderSeq,
  };
  try {
    switch (name) {
      case '':
        await renderHome(view, ctx);
        break;
      case 'search':
        await renderSearch(view, params, ctx);
        break;
      case 'article':
        await renderArticle(view, arg, ctx);
        break;
      case 'entity': {
        // Chart.js and Cytoscape.js (most of the code) load with the first entity page.
        const { renderEntity } = await import('./pages/entity.js');
        await renderEntity(view, arg, ctx);
        break;
      }
      case 'story':
        await renderStory(view, arg, ctx);
        break;
      case 'stories':
        await renderStories(view, ctx);
        break;
      default:
        view.appendChild(errorBox('صفحة غير معروفة'));
    }
  } catch (err) {
    if (ctx.current()) view.appendChild(errorBox(err));
    console.error(err);
  }
  if (ctx.current()) {
    view.dataset.ready = '1';
    window.scrollTo(0, 0);
  }
}

async function showCorpusSize() {
  try {
    const s = await api.health();
    const n = s.articles;
    if (n !== undefined) {
      document.getElementById('stats').textContent = `المقالات: ${formatNumber(n)}`;
    }
  } catch {
    // The figure is decoration; the pages report errors themselves.
  }
}

window.addEventListener('hashchange', route);
route();
showCorpusSize();
