import {h, replace, formatTime} from './dom.js';
import {gql} from './api.js';
import {Reveals} from './reveal.js';
import {FIELDS, fieldList} from './fields.js';
import {secretActions} from './editor.js';

const SECRET = `query Secret($id: ID!) {
  secret(id: $id) {
    id name description visibility active expiresAt expired deleted version createdAt createdBy updatedAt updatedBy
    revealCount template { id name } ${FIELDS}
    history(first: 20) { edges { node { sequence type at actor { displayName type } summary
      changes { field change value } } } }
  }
}`;

/** A secret's page: its fields masked, Reveal / Hide / Copy for the sensitive ones, and its change log. */
export async function secretPage(main, [id]) {
  const reveals = new Reveals();
  let secret;
  try {
    secret = (await gql(SECRET, {id})).secret;
  } catch (e) {
    replace(main, h('h1', {}, 'Secret'), h('p', {class: 'error', role: 'alert'}, e.message));
    return;
  }
  if (!secret) {
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no secret with this id that you may see.'),
        h('p', {}, h('a', {href: '/secrets'}, 'Back to the secrets')));
    return;
  }
  replace(main,
      h('p', {class: 'crumbs'}, h('a', {href: '/secrets'}, 'Secrets'), ' / ', secret.name),
      h('h1', {}, secret.name),
      secretActions(secret),
      secret.description ? h('p', {class: 'description'}, secret.description) : null,
      h('ul', {class: 'facts'},
          h('li', {}, 'Template: ', secret.template?.name ?? '–'),
          h('li', {}, 'Visibility: ', secret.visibility.toLowerCase()),
          h('li', {}, secret.active ? 'Active' : 'Inactive'),
          h('li', {}, 'Expires: ', secret.expiresAt ? formatTime(secret.expiresAt) : 'never',
              secret.expired ? h('span', {class: 'badge warn'}, 'expired') : null),
          h('li', {}, `Version ${secret.version}`),
          h('li', {}, `Revealed ${secret.revealCount} times`),
          h('li', {}, 'Updated ', formatTime(secret.updatedAt), secret.updatedBy ? ` by ${secret.updatedBy}` : '')),
      h('section', {'aria-labelledby': 'fields-title'}, h('h2', {id: 'fields-title'}, 'Fields'),
          fieldList(secret, reveals, {})),
      h('section', {'aria-labelledby': 'history-title'}, h('h2', {id: 'history-title'}, 'Change log'),
          h('ol', {class: 'timeline'}, secret.history.edges.map(({node}) => h('li', {},
              h('time', {datetime: node.at}, formatTime(node.at)), ' ',
              h('strong', {}, node.actor.displayName ?? node.actor.type), ' ', node.summary,
              node.changes.length ? h('ul', {}, node.changes.map(change => h('li', {},
                  `${change.field}: ${change.change}`, change.value ? ` (${change.value})` : ''))) : null)))));
  return () => reveals.hideAll();
}
