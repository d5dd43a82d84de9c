import {h, replace} from './dom.js';
import {gql} from './api.js';
import {Reveals} from './reveal.js';
import {FIELDS, fieldList} from './fields.js';

const PANEL = `query Panel($ticketId: ID!) {
  secrets(ticketId: $ticketId, first: 100) { edges { node { id name description visibility expired ${FIELDS} } } }
}`;

/** A ticket's Client Secrets panel (seed 000): the secrets related to the ticket that you may use on it. */
export async function ticketPage(main, [ticketId]) {
  const reveals = new Reveals();
  const panel = h('div', {class: 'panel', id: 'ticket-panel'});
  replace(main, h('h1', {}, 'Client Secrets of this ticket'),
      h('p', {class: 'help'}, 'Reveals made here are recorded with this ticket.'), panel);
  try {
    const edges = (await gql(PANEL, {ticketId})).secrets.edges;
    replace(panel, edges.length ? edges.map(({node}) => h('article', {class: 'card', 'aria-labelledby': 'panel-' + node.id},
        h('h2', {id: 'panel-' + node.id}, h('a', {href: '/secrets/' + encodeURIComponent(node.id)}, node.name)),
        node.description ? h('p', {class: 'description'}, node.description) : null,
        fieldList(node, reveals, {ticketId})))
        : h('p', {}, 'No secrets are related to this ticket that you may use on it.'));
  } catch (e) {
    replace(panel, h('p', {class: 'error', role: 'alert'}, e.message));
  }
  return () => reveals.hideAll();
}
