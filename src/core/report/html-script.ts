/**
 * Search, filter and sort for the HTML report's deck list (issue 14 §3). The script is
 * shipped inside the page and allowed by its sha256 in the page's CSP (no
 * 'unsafe-inline', nothing loaded). Without script the controls stay hidden and the page
 * is the static report: summary, ranked attention list, folder roll-up, every deck.
 *
 * Each deck is a `<section class="deck">` in `#deck-list` carrying data-outcome
 * (failed | missing | draft | waiting | done), data-missing, data-draft, data-batch.
 */
import { ATTENTION_TITLES } from './overview';
import { escapeHtml } from './html-page';

/** Plain ES2017, no dependencies: it runs in any browser a coordinator may open the file in. */
export const REPORT_SCRIPT = `
(function () {
  var tools = document.getElementById('deck-tools');
  var list = document.getElementById('deck-list');
  if (!tools || !list) return;
  var q = document.getElementById('deck-q');
  var show = document.getElementById('deck-show');
  var sort = document.getElementById('deck-sort');
  var count = document.getElementById('deck-count');
  var decks = Array.prototype.slice.call(list.querySelectorAll('section.deck'));
  var text = decks.map(function (d) { return d.textContent.toLowerCase(); });
  var SEVERITY = { failed: 0, missing: 1, draft: 2, waiting: 3, done: 4 };
  var at = function (i, k) { return Number(decks[i].getAttribute('data-' + k)) || 0; };
  var attr = function (i, k) { return decks[i].getAttribute('data-' + k) || ''; };
  var ORDERS = {
    path: function (a, b) { return a - b; },
    severity: function (a, b) { return SEVERITY[attr(a, 'outcome')] - SEVERITY[attr(b, 'outcome')] || at(b, 'missing') - at(a, 'missing') || at(b, 'draft') - at(a, 'draft') || a - b; },
    missing: function (a, b) { return at(b, 'missing') - at(a, 'missing') || a - b; },
    draft: function (a, b) { return at(b, 'draft') - at(a, 'draft') || a - b; },
    batch: function (a, b) { return attr(b, 'batch') < attr(a, 'batch') ? -1 : attr(b, 'batch') > attr(a, 'batch') ? 1 : a - b; }
  };
  function filter() {
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var want = show.value;
    var shown = 0;
    decks.forEach(function (d, i) {
      var ok = (want === 'all' || attr(i, 'outcome') === want) && words.every(function (w) { return text[i].indexOf(w) >= 0; });
      d.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = 'Showing ' + shown.toLocaleString('en-US') + ' of ' + decks.length.toLocaleString('en-US') + ' decks.';
  }
  function reorder() {
    var order = decks.map(function (_, i) { return i; }).sort(ORDERS[sort.value] || ORDERS.path);
    var frag = document.createDocumentFragment();
    order.forEach(function (i) { frag.appendChild(decks[i]); });
    list.appendChild(frag);
  }
  var timer = 0;
  q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(filter, 200); });
  show.addEventListener('change', filter);
  sort.addEventListener('change', reorder);
  document.getElementById('deck-clear').addEventListener('click', function () {
    q.value = '';
    show.value = 'all';
    sort.value = 'path';
    reorder();
    filter();
    q.focus();
  });
  tools.hidden = false;
})();
`;

/** The controls above the deck list: real labelled inputs, a live region for the count. */
export function deckTools(decks: number): string {
  const shows = [
    ['all', 'All decks'],
    ['failed', ATTENTION_TITLES.failed],
    ['missing', ATTENTION_TITLES.missing],
    ['draft', ATTENTION_TITLES.draft],
    ['done', 'Nothing to do'],
  ];
  const sorts = [
    ['path', 'Folder and name'],
    ['severity', 'Most severe first'],
    ['missing', 'Most missing ALT text'],
    ['draft', 'Most drafts to review'],
    ['batch', 'Newest batch first'],
  ];
  const options = (list: string[][]) => list.map(([v, l]) => `<option value="${v}">${escapeHtml(l)}</option>`).join('');
  return (
    '<div id="deck-tools" class="tools" hidden>' +
    '<label for="deck-q">Search decks (name, folder, ALT text)</label> <input type="search" id="deck-q" autocomplete="off"> ' +
    `<label for="deck-show">Show</label> <select id="deck-show">${options(shows)}</select> ` +
    `<label for="deck-sort">Sort by</label> <select id="deck-sort">${options(sorts)}</select> ` +
    '<button type="button" id="deck-clear">Clear</button>' +
    `<p id="deck-count" role="status" aria-live="polite">Showing ${decks.toLocaleString('en-US')} of ${decks.toLocaleString('en-US')} decks.</p>` +
    '</div>'
  );
}
