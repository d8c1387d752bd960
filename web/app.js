// veille's web UI: pages over the JSON API of `veille serve`.
//
// Every piece of text from the database reaches the page through
// textContent or a text node, never as HTML; links are built from fixed
// prefixes and encoded parameters, and a document's own URL is a link only
// when it is http or https. The server's Content-Security-Policy allows this
// file and style.css only.
'use strict';

// ------------------------------------------------------------ DOM helpers

// h('a', {href: '#/'}, 'text', child...): an element; strings become text.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// A hash link to a page of this UI: route parts and query parameters encoded.
function link(parts, params) {
  let href = '#/' + parts.map(p => encodeURIComponent(p)).join('/');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return qs ? href + '?' + qs : href;
}

function personLink(name, label) { return h('a', {href: link(['person', name])}, label || name); }
function docLink(id, label) { return h('a', {href: link(['doc', id])}, label || id); }

// A document's own address, as a link only when it is http(s).
function safeUrl(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) { return null; }
}

// A date as the API gives it: YYYY[-MM[-DD]], XXXX-MM-DD when the year is
// unknown, or null.
function dateText(d) {
  if (!d) return 'undated';
  return d.startsWith('XXXX-') ? d.slice(5) + ' (year unknown)' : d;
}

// ---------------------------------------------------------------- the API

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  const res = await fetch('/api/' + path + (qs ? '?' + qs : ''), {headers: {Accept: 'application/json'}});
  let body = null;
  try { body = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, body && body.error ? body.error : 'HTTP ' + res.status);
  return body;
}

// ------------------------------------------------------------- the pages

const main = () => document.getElementById('main');

function show(title, ...children) {
  const m = main();
  m.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined));
  document.title = title ? title + ' — veille' : 'veille';
  m.focus({preventScroll: true});
}

function failure(e) {
  const notFound = e instanceof ApiError && e.status === 404;
  return h('p', {class: 'error', role: 'alert'}, notFound ? 'Not found: ' : 'Error: ', e.message);
}

function section(title, ...children) {
  return h('section', {}, h('h2', {}, title), ...children);
}

function evidenceList(ev) {
  if (!ev || !ev.length) return null;
  return h('ul', {class: 'evidence'}, ev.map(x => h('li', {},
    h('span', {class: 'date'}, dateText(x.date)), ' ',
    x.sentence ? h('q', {}, x.sentence) : null, ' ',
    x.id ? docLink(x.id, 'dispatch') : null)));
}

// --- home

async function pageHome() {
  const [stats, persons, changes] = await Promise.all([
    api('stats'), api('persons', {limit: 12}), api('changes', {limit: 8})]);
  show('', h('h1', {}, 'veille'),
    h('p', {class: 'lead'}, `${stats.documents} dispatches`,
      stats.first_date ? `, ${stats.first_date} to ${stats.last_date}` : '', '. ',
      'Search them above, or start from a person.'),
    section('Most documented persons', personTable(persons.persons)),
    section('Latest changes of office', changeList(changes.changes),
      h('p', {}, h('a', {href: link(['changes'])}, 'All changes…'))));
}

function personTable(list) {
  if (!list || !list.length) return h('p', {class: 'muted'}, 'No person yet.');
  return h('table', {class: 'list'},
    h('thead', {}, h('tr', {}, h('th', {}, 'Person'), h('th', {class: 'num'}, 'Dispatches'),
      h('th', {}, 'First seen'), h('th', {}, 'Last seen'))),
    h('tbody', {}, list.map(p => h('tr', {},
      h('td', {}, personLink(p.name)), h('td', {class: 'num'}, p.documents),
      h('td', {}, dateText(p.first_seen)), h('td', {}, dateText(p.last_seen))))));
}

function changeList(list) {
  if (!list || !list.length) return h('p', {class: 'muted'}, 'No change found.');
  return h('ul', {class: 'changes'}, list.map(c => h('li', {},
    h('span', {class: 'date'}, dateText(c.date)), ' ',
    h('span', {class: 'tag tag-' + c.type}, c.type === 'end' ? 'left' : 'took office'), ' ',
    personLink(c.name), ', ', h('a', {href: link(['office', c.title])}, c.title),
    c.predecessor ? [' (after ', personLink(c.predecessor), ')'] : null,
    c.end_cause ? [' — ', c.end_cause] : null,
    c.evidence && c.evidence[0] ? [' ', docLink(c.evidence[0].id, 'dispatch')] : null)));
}

// --- search

async function pageSearch(params) {
  const q = params.get('q') || '';
  document.getElementById('q').value = q;
  if (!q) return show('Search', h('h1', {}, 'Search'), h('p', {class: 'muted'}, 'Type words above.'));
  const opts = {q, from: params.get('from'), to: params.get('to'), sort: params.get('sort'),
    undated: params.get('undated'), offset: params.get('offset'), limit: 20, facets: 1};
  const res = await api('search', opts);
  const offset = Number(opts.offset || 0);
  const filters = h('form', {class: 'filters', on: {submit: ev => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    location.hash = link(['search'], {q, from: f.get('from'), to: f.get('to'), sort: f.get('sort'),
      undated: f.get('undated') ? 1 : null});
  }}},
  h('label', {}, 'From ', h('input', {name: 'from', value: opts.from || '', placeholder: 'YYYY-MM', size: 10})),
  h('label', {}, 'To ', h('input', {name: 'to', value: opts.to || '', placeholder: 'YYYY-MM', size: 10})),
  h('label', {}, h('input', {type: 'checkbox', name: 'undated', checked: opts.undated ? true : null}), ' undated too'),
  h('label', {}, 'Order ', h('select', {name: 'sort'},
    h('option', {value: 'relevance', selected: opts.sort !== 'date' ? true : null}, 'relevance'),
    h('option', {value: 'date', selected: opts.sort === 'date' ? true : null}, 'newest first'))),
  h('button', {type: 'submit'}, 'Apply'));
  const count = h('p', {class: 'count'}, `${res.total} document${res.total === 1 ? '' : 's'}`,
    res.undated ? ` (${res.undated} undated left out)` : '');
  const hits = h('ol', {class: 'hits', start: offset + 1}, res.hits.map(x => h('li', {},
    h('div', {class: 'hit-head'}, h('span', {class: 'date'}, dateText(x.date)), ' ',
      docLink(x.id, x.title || x.source)),
    h('p', {class: 'snippet'}, marked(x.snippet)))));
  const pager = h('nav', {class: 'pager', 'aria-label': 'pages'},
    offset > 0 ? h('a', {href: link(['search'], {...withoutEmpty(opts), offset: Math.max(0, offset - 20) || null})}, '← Previous') : null,
    offset + res.hits.length < res.total ? h('a', {href: link(['search'], {...withoutEmpty(opts), offset: offset + 20})}, 'Next →') : null);
  show('Search: ' + q, h('h1', {}, 'Search'), filters,
    h('div', {class: 'results'},
      h('div', {class: 'hitcol'}, count, histogram(res.facets), hits, pager),
      facetsPanel(res.facets, q)));
}

function withoutEmpty(o) {
  const r = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== '' && k !== 'limit' && k !== 'facets') r[k] = v;
  return r;
}

// A snippet whose matches the API marks with [ and ].
function marked(snippet) {
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(snippet || '')) !== null) {
    out.push(snippet.slice(last, m.index), h('mark', {}, m[1]));
    last = m.index + m[0].length;
  }
  out.push((snippet || '').slice(last));
  return out;
}

function facetsPanel(f, q) {
  if (!f) return null;
  const group = (title, items, make) => items && items.length
    ? h('div', {class: 'facet'}, h('h3', {}, title), h('ul', {}, items.map(x => h('li', {}, make(x), ' ', h('span', {class: 'count'}, x.count)))))
    : null;
  return h('aside', {class: 'facets', 'aria-label': 'facets'},
    h('p', {class: 'muted'}, `In the best ${f.docs} hits:`),
    group('Persons', f.persons, x => personLink(x.name)),
    group('Organisations', f.organizations, x => h('a', {href: link(['search'], {q: q + ' ' + x.name})}, x.name)),
    group('Places', f.places, x => h('a', {href: link(['search'], {q: q + ' ' + x.name})}, x.name)));
}

// Hits per month of the best hits, as bars on a time axis (months without a
// hit are gaps; a span over twenty years is drawn by year).
function histogram(f) {
  if (!f || !f.months || f.months.length < 2) return null;
  const given = new Map(f.months.map(m => [m.month, m.count]));
  const [y0, m0] = f.months[0].month.split('-').map(Number);
  const [y1, m1] = f.months[f.months.length - 1].month.split('-').map(Number);
  const span = (y1 - y0) * 12 + (m1 - m0) + 1;
  let months = [];
  if (span <= 240) {
    for (let i = 0; i < span; i++) {
      const y = y0 + Math.floor((m0 - 1 + i) / 12), m = (m0 - 1 + i) % 12 + 1;
      const key = `${y}-${String(m).padStart(2, '0')}`;
      months.push({month: key, count: given.get(key) || 0});
    }
  } else {
    const years = new Map();
    for (const m of f.months) { const y = m.month.slice(0, 4); years.set(y, (years.get(y) || 0) + m.count); }
    for (let y = y0; y <= y1; y++) months.push({month: String(y), count: years.get(String(y)) || 0});
  }
  const max = Math.max(...months.map(m => m.count));
  const w = 600, hgt = 80, bw = w / months.length;
  const svg = s('svg', {class: 'histogram', viewBox: `0 0 ${w} ${hgt + 16}`, role: 'img',
    'aria-label': `hits per month, ${months[0].month} to ${months[months.length - 1].month}`},
  months.filter(m => m.count).map(m => {
    const i = months.indexOf(m), bh = Math.max(2, hgt * m.count / max);
    return s('rect', {x: i * bw + 1, y: hgt - bh, width: Math.max(1, bw - 2), height: bh, class: 'bar'},
      s('title', {}, `${m.month}: ${m.count}`));
  }),
  s('text', {x: 0, y: hgt + 13, class: 'axis'}, months[0].month),
  s('text', {x: w, y: hgt + 13, class: 'axis', 'text-anchor': 'end'}, months[months.length - 1].month));
  return h('figure', {class: 'histo'}, svg);
}

// --- a document

const KINDS = [ // what a mention is, in the order one hides another
  ['persons', 'person'], ['organizations', 'org'], ['places', 'place'],
  ['dates', 'date'], ['amounts', 'amount'], ['quotes', 'quote']];
const BOILER = new Set(['header', 'related', 'signature', 'footer', 'caption', 'boilerplate']);

async function pageDoc(id) {
  const d = await api('doc/' + encodeURIComponent(id));
  const cps = Array.from(d.text); // the record's offsets count code points
  const at = new Array(cps.length).fill(null);
  const rec = d.record || {};
  // lowest priority first, so that a person inside a quote shows as a person
  for (let k = KINDS.length - 1; k >= 0; k--) {
    const [field, kind] = KINDS[k];
    for (const item of rec[field] || []) {
      const spans = item.mentions || (item.start !== undefined ? [item] : []);
      for (const m of spans) {
        if (m.end === undefined || m.end <= m.start) continue;
        const a = {kind, item}; // one object per mention: a run of it is one span
        for (let i = Math.max(0, m.start); i < Math.min(m.end, cps.length); i++) at[i] = a;
      }
    }
  }
  const blocks = (d.blocks || []).map(b => {
    const tag = b.kind === 'title' ? 'h1' : 'p';
    const el = h(tag, {class: 'block block-' + b.kind + (BOILER.has(b.kind) ? ' boiler' : '')});
    let i = b.start;
    while (i < b.end) {
      const a = at[i];
      let j = i + 1;
      while (j < b.end && at[j] === a) j++;
      const text = cps.slice(i, j).join('');
      append(el, [a ? mention(a, text) : text]);
      i = j;
    }
    return el;
  });
  const url = d.url ? safeUrl(d.url) : null;
  const names = {}; // a record's events name persons by key
  for (const p of rec.persons || []) names[p.key] = p.name;
  show(d.title || d.id,
    h('p', {class: 'meta'}, h('span', {class: 'date'}, dateText(d.date)),
      d.date_source ? ` (from the ${d.date_source})` : '', ' · ', d.source,
      url ? [' · ', h('a', {href: url, rel: 'noopener noreferrer'}, 'original')] : null),
    legend(), h('article', {class: 'doc'}, blocks),
    rec.events && rec.events.length ? section('Meetings in this dispatch', h('ul', {class: 'events'},
      rec.events.map(e => h('li', {}, eventLine({...e, participants: (e.participants || []).map(k => names[k] || k)}))))) : null);
}

function legend() {
  return h('p', {class: 'legend'}, 'Highlighted: ',
    KINDS.map(([, kind]) => h('span', {class: 'm m-' + kind}, kind)), ' ',
    h('span', {class: 'boiler'}, 'boilerplate dimmed'));
}

function mention(a, text) {
  const {kind, item} = a;
  let title = kind;
  if (kind === 'person') {
    const titles = (item.titles || []).map(t => t.text).join('; ');
    title = `person: ${item.name}` + (titles ? ` — ${titles}` : '');
    return h('a', {class: 'm m-person', href: link(['person', item.name]), title}, text);
  }
  if (kind === 'org' || kind === 'place') {
    // no page of their own: a search for them
    title = `${kind === 'org' ? 'organisation' : 'place'}: ${item.name}` + (item.country ? ` (${item.country})` : '');
    return h('a', {class: 'm m-' + kind, href: link(['search'], {q: item.name}), title}, text);
  } else if (kind === 'date') title = `date: ${item.value}`;
  else if (kind === 'amount') title = `amount: ${item.value}${item.unit ? ' ' + item.unit : ''}`;
  else if (kind === 'quote') title = `said by ${item.speaker || 'someone'}${item.verb ? ' (' + item.verb + ')' : ''}`;
  return h('span', {class: 'm m-' + kind, title}, text);
}

function eventLine(e) {
  const who = e.participants || e.keys || [];
  return [h('span', {class: 'date'}, dateText(e.date)), ' ', h('span', {class: 'tag'}, e.type), ' ',
    e.place ? [e.place, ': '] : null,
    who.map((p, i) => [i ? ', ' : '', personLink(p)])];
}

// --- a person

async function pagePerson(name) {
  const p = await api('person', {name});
  const [quotes, met, related] = await Promise.all([
    api('quotes', {name: p.name, limit: 50}).catch(() => null),
    api('met', {name: p.name, limit: 30}).catch(() => null),
    api('related', {name: p.name, limit: 10}).catch(() => null)]);
  const variants = (p.variants || []).map(v => v.name).filter(n => n !== p.name);
  show(p.name, h('h1', {}, p.name),
    variants.length ? h('p', {class: 'muted'}, 'Also written: ', variants.join(', ')) : null,
    section('Offices', timeline((p.positions || []).map(x => ({
      label: x.title, href: link(['office', x.title]), start: x.start || x.first_seen,
      end: x.end || (x.status === 'former' ? x.last_seen : null), seen: x.last_seen,
      status: x.status, cause: x.end_cause}))),
    positionsList(p.positions)),
    met && met.counterparts && met.counterparts.length ? section('Met', metTable(met.counterparts),
      h('p', {}, h('a', {href: link(['met', p.name])}, 'Every meeting…'))) : null,
    quotes && quotes.quotes && quotes.quotes.length ? section('Said', h('ul', {class: 'quotes'},
      sameSaid(quotes.quotes).map(q => h('li', {}, h('span', {class: 'date'}, dateText(q.date)), ' ',
        h('em', {}, q.verbs.join(', ')), ' ', h('span', {class: 'said'}, q.content), ' ',
        docLink(q.id, 'dispatch'))))) : null,
    related ? section('In the same dispatches', relatedLists(related)) : null);
}

// Statements of one dispatch with the same words, once, with their verbs
// ("a déclaré", "a proposé": two acts of one sentence).
function sameSaid(list) {
  const out = [], seen = new Map();
  for (const q of list) {
    const k = q.id + '\u0000' + q.content;
    if (seen.has(k)) { const o = seen.get(k); if (!o.verbs.includes(q.verb)) o.verbs.push(q.verb); continue; }
    const o = {...q, verbs: [q.verb]};
    seen.set(k, o);
    out.push(o);
  }
  return out;
}

function positionsList(list) {
  if (!list || !list.length) return h('p', {class: 'muted'}, 'No office known.');
  return h('ul', {class: 'positions'}, list.map(x => h('li', {},
    h('a', {href: link(['office', x.title])}, x.title), ' ',
    h('span', {class: 'tag tag-' + x.status}, x.status), ' ',
    h('span', {class: 'muted'}, `${x.start || 'seen from ' + (x.first_seen || '?')} – ${x.end || (x.status === 'current' ? 'now' : 'last seen ' + (x.last_seen || '?'))}`,
      x.end_cause ? ` (${x.end_cause})` : '', `, ${x.documents} dispatch${x.documents === 1 ? '' : 'es'}`),
    evidenceList(x.evidence))));
}

function metTable(list) {
  return h('table', {class: 'list'},
    h('thead', {}, h('tr', {}, h('th', {}, 'Counterpart'), h('th', {class: 'num'}, 'Times'),
      h('th', {}, 'First'), h('th', {}, 'Last'))),
    h('tbody', {}, list.map(c => h('tr', {}, h('td', {}, personLink(c.name)),
      h('td', {class: 'num'}, c.count), h('td', {}, dateText(c.first)), h('td', {}, dateText(c.last))))));
}

function relatedLists(r) {
  const col = (title, items, make) => h('div', {}, h('h3', {}, title),
    items && items.length ? h('ul', {}, items.map(x => h('li', {}, make(x), ' ', h('span', {class: 'count'}, x.documents)))) : h('p', {class: 'muted'}, '—'));
  return h('div', {class: 'columns'},
    col('Persons', r.persons, x => personLink(x.name)),
    col('Organisations', r.organizations, x => h('a', {href: link(['search'], {q: x.name})}, x.name)),
    col('Places', r.places, x => h('a', {href: link(['search'], {q: x.name})}, x.name)));
}

// Bars on a time axis, one per row: {label, href, start, end, seen, status}.
// A bar runs from start to end; without an end, to the last time it was seen
// (dashed on past that). Dates are YYYY[-MM[-DD]].
function timeline(rows) {
  const year = d => {
    if (!d) return null;
    const [y, m, dd] = d.split('-').map(Number);
    return y + ((m || 1) - 1) / 12 + ((dd || 1) - 1) / 365;
  };
  // in date order: the earliest tenure on top
  const dated = rows.filter(r => year(r.start) !== null).sort((a, b) => year(a.start) - year(b.start));
  if (!dated.length) return null;
  const now = new Date().getFullYear() + new Date().getMonth() / 12;
  let lo = Math.min(...dated.map(r => year(r.start)));
  let hi = Math.max(...dated.map(r => Math.max(year(r.end) || 0, year(r.seen) || 0, year(r.start))));
  lo = Math.floor(lo); hi = Math.min(Math.ceil(hi + 0.01), Math.ceil(now));
  if (hi <= lo) hi = lo + 1;
  const W = 640, L = 0, rowH = 26, top = 20, H = top + dated.length * rowH + 4;
  const x = y => L + (W - L) * (y - lo) / (hi - lo);
  const ticks = [];
  const step = hi - lo > 12 ? 5 : hi - lo > 6 ? 2 : 1;
  for (let y = lo; y <= hi; y += step) ticks.push(y);
  return h('figure', {class: 'timeline'}, s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `offices over time, ${lo} to ${hi}`},
  ticks.map(t => [s('line', {x1: x(t), x2: x(t), y1: 14, y2: H, class: 'tick'}),
    s('text', {x: x(t), y: 11, class: 'axis', 'text-anchor': t === hi ? 'end' : t === lo ? 'start' : 'middle'}, t)]),
  dated.map((r, i) => {
    const y0 = top + i * rowH, a = year(r.start);
    const b = r.end ? year(r.end) : (r.status === 'current' ? now : year(r.seen) || a);
    const bar = s('rect', {x: x(a), y: y0, width: Math.max(3, x(Math.max(b, a)) - x(a)), height: rowH - 8,
      class: 'tenure tenure-' + (r.status || 'current') + (r.end ? '' : ' open'), rx: 3},
    s('title', {}, `${r.label}: ${r.start} – ${r.end || (r.status === 'current' ? 'now' : 'last seen ' + (r.seen || '?'))}${r.cause ? ' (' + r.cause + ')' : ''}`));
    const label = s('text', {x: Math.min(x(a) + 4, W - 4), y: y0 + rowH - 13, class: 'tlabel',
      'text-anchor': x(a) > W * 0.6 ? 'end' : 'start'}, r.label);
    const anchor = s('a', {href: r.href}, bar, label);
    return anchor;
  })));
}

// --- an office

async function pageOffice(title, params) {
  const at = params.get('at');
  const o = await api('office', {title, at});
  show(o.query || title, h('h1', {}, o.query || title),
    h('form', {class: 'filters', on: {submit: ev => {
      ev.preventDefault();
      location.hash = link(['office', title], {at: new FormData(ev.target).get('at')});
    }}}, h('label', {}, 'Holder at ', h('input', {name: 'at', value: at || '', placeholder: 'YYYY-MM', size: 10})),
    h('button', {type: 'submit'}, 'Show')),
    section('Holders over time', timeline((o.holders || []).map(x => ({
      label: x.name, href: link(['person', x.name]), start: x.start || x.first_seen,
      end: x.end, seen: x.last_seen, status: x.status === 'current' && x.end ? 'former' : x.status,
      cause: x.end_cause}))),
    h('ul', {class: 'positions'}, (o.holders || []).map(x => h('li', {}, personLink(x.name), ' ',
      h('span', {class: 'tag tag-' + x.status}, x.kind === 'holder' ? x.status : x.kind), ' ',
      h('span', {class: 'muted'}, `${x.start || 'seen from ' + (x.first_seen || '?')} – ${x.end || 'last seen ' + (x.last_seen || '?')}`,
        x.end_cause ? ` (${x.end_cause})` : ''), evidenceList(x.evidence))))));
}

// --- meetings

async function pageMet(name) {
  const m = await api('met', {name, limit: 200});
  show('Met: ' + m.name, h('h1', {}, personLink(m.name), ' met'),
    m.counterparts && m.counterparts.length ? [metTable(m.counterparts),
      m.counterparts.map(c => section(c.name, evidenceList(c.evidence)))]
      : h('p', {class: 'muted'}, 'No meeting found.'));
}

async function pageEvents(params) {
  const opts = {with: params.get('with'), from: params.get('from'), to: params.get('to'), limit: 100};
  const r = await api('events', opts);
  show('Meetings', h('h1', {}, 'Meetings'),
    h('form', {class: 'filters', on: {submit: ev => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      location.hash = link(['events'], {with: f.get('with'), from: f.get('from'), to: f.get('to')});
    }}},
    h('label', {}, 'With ', h('input', {name: 'with', value: opts.with || '', placeholder: 'a person or a country'})),
    h('label', {}, 'From ', h('input', {name: 'from', value: opts.from || '', placeholder: 'YYYY', size: 8})),
    h('label', {}, 'To ', h('input', {name: 'to', value: opts.to || '', placeholder: 'YYYY', size: 8})),
    h('button', {type: 'submit'}, 'Show')),
    r.events && r.events.length ? h('ul', {class: 'events'}, r.events.map(e => h('li', {}, eventLine(e),
      e.evidence ? [' ', h('q', {}, e.evidence.sentence), ' ', docLink(e.evidence.id, 'dispatch')] : null)))
      : h('p', {class: 'muted'}, 'No meeting found.'));
}

async function pageChanges(params) {
  const since = params.get('since');
  const r = await api('changes', {since, limit: 200});
  show('Changes', h('h1', {}, 'Changes of office'),
    h('form', {class: 'filters', on: {submit: ev => {
      ev.preventDefault();
      location.hash = link(['changes'], {since: new FormData(ev.target).get('since')});
    }}}, h('label', {}, 'Since ', h('input', {name: 'since', value: since || '', placeholder: 'YYYY-MM', size: 10})),
    h('button', {type: 'submit'}, 'Show')),
    changeList(r.changes));
}

async function pagePersons() {
  const r = await api('persons', {limit: 500});
  show('Persons', h('h1', {}, 'Persons'), personTable(r.persons));
}

// ------------------------------------------------------------- the router

async function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  const parts = (path || '').split('/').filter(Boolean).map(p => decodeURIComponent(p));
  const params = new URLSearchParams(query || '');
  try {
    switch (parts[0] || '') {
      case '': return await pageHome();
      case 'search': return await pageSearch(params);
      case 'doc': return await pageDoc(parts.slice(1).join('/'));
      case 'person': return await pagePerson(parts[1] || '');
      case 'office': return await pageOffice(parts[1] || '', params);
      case 'met': return await pageMet(parts[1] || '');
      case 'events': return await pageEvents(params);
      case 'changes': return await pageChanges(params);
      case 'persons': return await pagePersons();
      default: return show('Not found', h('h1', {}, 'Not found'), h('p', {}, 'No such page.'));
    }
  } catch (e) {
    show('Error', failure(e));
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('searchform').addEventListener('submit', ev => {
    ev.preventDefault();
    const q = document.getElementById('q').value.trim();
    if (q) location.hash = link(['search'], {q});
  });
  window.addEventListener('hashchange', route);
  route();
});
