/* The catchment view's break-even control: pick an origin-market flow the gateway loses and a
   lever, and POST /api/break-even answers with the lever's value at which the gateway's route
   ties with the best route avoiding it, as a sentence ("Lianyungang wins ... if its dwell falls
   from X to Y h"). Loaded after app.js: it takes the page's helpers from window.landbridgePage
   and follows the catchment answers app.js announces ('landbridge:catchment'). */
(function () {
  'use strict';

  // The flows offered: the ones the gateway is least far behind on first, at most this many.
  const FLOWS_SHOWN = 60;
  const page = window.landbridgePage;
  const { $, h, fmt, clear } = page;
  const current = { gateway: null, flows: [] };

  /* Flows the gateway serves but loses to a rival route, nearest to winning first. */
  function lostFlows(c) {
    return c.flows.filter((f) => !f.wins && f.other)
      .sort((a, b) => (b.margin.generalised_usd_per_t - a.margin.generalised_usd_per_t)
        || (b.tonnes - a.tonnes))
      .slice(0, FLOWS_SHOWN);
  }

  function flowLabel(f) {
    const behind = -f.margin.generalised_usd_per_t;
    return `${f.origin.name} ${f.commodity} to ${page.shortName(f.market.name)} (behind by ${fmt(behind, 1)} USD/t)`;
  }

  function reset(message) {
    $('breakeven-sentence').hidden = true;
    $('breakeven-error').hidden = true;
    $('breakeven-status').textContent = message;
  }

  function follow(c) {
    current.gateway = c ? c.gateway : null;
    current.flows = c ? lostFlows(c) : [];
    const select = $('b-flow');
    clear(select);
    current.flows.forEach((f, i) => select.append(h('option', { value: String(i) }, flowLabel(f))));
    const none = current.flows.length === 0;
    select.disabled = none;
    $('breakeven-button').disabled = none;
    reset(none ? 'The gateway loses no flow here: nothing to win.'
      : `${current.flows.length} flows ${c.gateway} loses, nearest to winning first. Choose one and a lever.`);
  }

  function request() {
    const f = current.flows[Number($('b-flow').value)];
    return { gateway: current.gateway, origin: f.origin.id, market: f.market.id, cargo: f.commodity,
      lever: $('b-lever').value };
  }

  async function find(event) {
    event.preventDefault();
    if (!current.flows.length) return;
    const button = $('breakeven-button');
    const status = $('breakeven-status');
    page.clearInvalid();
    reset('Finding the break-even');
    button.disabled = true;
    status.classList.add('busy');
    try {
      const answer = await page.postJson('/api/break-even', request());
      const sentence = $('breakeven-sentence');
      sentence.textContent = answer.sentence;
      sentence.hidden = false;
      status.textContent = answer.needed === null
        ? `No value of the ${answer.lever} between ${fmt(answer.searched[0], 2)} and ${fmt(answer.searched[1], 2)} ${answer.unit} changes the winner.`
        : `Now ${fmt(answer.current, 2)} ${answer.unit}; the routes tie at ${fmt(answer.needed, 2)} ${answer.unit} `
          + `(within ${answer.tolerance_usd_per_t} USD/t of generalised cost).`;
      page.reveal(sentence);
    } catch (error) {
      status.textContent = 'No break-even for this choice.';
      page.showError($('breakeven-error'), error, null, 'breakeven');
    } finally {
      button.disabled = false;
      status.classList.remove('busy');
    }
  }

  document.addEventListener('landbridge:catchment', (event) => follow(event.detail));
  document.addEventListener('DOMContentLoaded', () => {
    $('breakeven-form').addEventListener('submit', find);
    follow(null);
  });
})();
