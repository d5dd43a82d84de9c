import {h, replace, announce} from './dom.js';
import {gql} from './api.js';
import {Reveals} from './reveal.js';
import {FIELDS, fieldList} from './fields.js';
import {subscribe} from './live.js';

const SECRET_FIELDS = `id name description visibility expired ${FIELDS}`;
const PANEL = `query Panel($ticketId: ID!) {
  secrets(ticketId: $ticketId, first: 100) { edges { node { ${SECRET_FIELDS} } } }
}`;
const LIVE = `subscription Panel($ticketId: ID!) { ticketPanelChanged(ticketId: $ticketId) { ${SECRET_FIELDS} } }`;

/**
 * A ticket's Client Secrets panel (seed 000): the secrets related to the ticket that you may use on it, kept up to
 * date while open through `ticketPanelChanged`. Reveals made here name the ticket.
 */
export async function ticketPage(main, [ticketId]) {
  const reveals = new Reveals();
  const panel = h('div', {class: 'panel', id: 'ticket-panel', 'aria-live': 'polite'});
  const liveState = h('p', {class: 'help', id: 'live-state'}, 'Connecting for live updates…');
  let shown = null;
  const show = secrets => {
    // Pushes come after every event of a related secret, reveals included: only a change of what is shown
    // re-renders (and so hides what is revealed).
    const next = JSON.stringify(secrets);
    if (next === shown) return;
    const first = shown === null;
    shown = next;
    reveals.hideAll();
    replace(panel, secrets.length ? secrets.map(secret => h('article', {class: 'card', 'data-secret': secret.name,
      'aria-labelledby': 'panel-' + secret.id},
        h('h2', {id: 'panel-' + secret.id}, h('a', {href: '/secrets/' + encodeURIComponent(secret.id)}, secret.name)),
        secret.description ? h('p', {class: 'description'}, secret.description) : null,
        fieldList(secret, reveals, {ticketId})))
        : h('p', {}, 'No secrets are related to this ticket that you may use on it.'));
    if (!first) announce('The ticket\'s secrets changed.');
  };
  replace(main, h('h1', {}, 'Client Secrets of this ticket'),
      h('p', {class: 'help'}, 'Reveals made here are recorded with this ticket.'), liveState, panel);
  try {
    show((await gql(PANEL, {ticketId})).secrets.edges.map(edge => edge.node));
  } catch (e) {
    replace(panel, h('p', {class: 'error', role: 'alert'}, e.message));
    return;
  }
  const end = subscribe(LIVE, {ticketId}, {
    next: data => { liveState.textContent = 'Live: this panel updates as the ticket\'s secrets change.';
      show(data.ticketPanelChanged); },
    error: errors => { liveState.textContent = 'Live updates stopped: ' + (errors[0]?.message ?? 'error'); },
    complete: () => { if (!liveState.textContent.startsWith('Live updates stopped')) {
      liveState.textContent = 'Live updates stopped.'; } },
  });
  return () => { end(); reveals.hideAll(); };
}
