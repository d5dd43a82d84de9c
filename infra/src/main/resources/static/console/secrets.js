import {h, replace, formatTime, announce} from './dom.js';
import {gql} from './api.js';
import {newSecret, restoreSecret, purgeSecret} from './editor.js';
import {liveList} from './secrets-live.js';

const LIST = `query Secrets($first: Int, $after: String, $nameContains: String, $templateId: ID, $active: Boolean,
    $expired: Boolean, $deleted: Boolean, $order: SecretOrder) {
  secrets(first: $first, after: $after, nameContains: $nameContains, templateId: $templateId, active: $active,
          expired: $expired, deleted: $deleted, order: $order) {
    edges { node { id name description active expiresAt expired createdAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
  templates(first: 100) { edges { node { id name } } }
}`;

const PAGE_SIZE = 25;

/** The Secrets tab: search by name, filters, sorting and paging (seeds 002, 004). State stays in memory. */
export function secretsPage(main) {
  const state = {nameContains: '', templateId: '', status: '', order: 'NAME', deleted: false, cursors: [null]};
  const search = h('input', {id: 'search', type: 'search', autocomplete: 'off', placeholder: 'payment-api-key'});
  const template = h('select', {id: 'template-filter'}, h('option', {value: ''}, 'Any template'));
  const status = h('select', {id: 'status-filter'},
      h('option', {value: ''}, 'Any'), h('option', {value: 'active'}, 'Active'),
      h('option', {value: 'inactive'}, 'Inactive'), h('option', {value: 'expired'}, 'Expired'),
      h('option', {value: 'deleted'}, 'Deleted'));
  const order = h('select', {id: 'order'},
      h('option', {value: 'NAME'}, 'Name'), h('option', {value: 'UPDATED'}, 'Last updated'),
      h('option', {value: 'CREATED'}, 'Created'), h('option', {value: 'EXPIRES'}, 'Expiry'));
  const body = h('tbody');
  const previous = h('button', {type: 'button', onclick: () => { state.cursors.pop(); state.cursors.pop(); load(); }},
      'Previous page');
  const next = h('button', {type: 'button', onclick: () => load()}, 'Next page');
  const summary = h('p', {class: 'help', 'aria-live': 'polite'});
  let timer = null;
  let generation = 0;
  let shownRows = null;
  // Purged here: the API answers once the purge is stored, and the list's read model may still hold it a moment.
  const purged = new Set();

  const reset = () => { state.cursors = [null]; load(); };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => {
    state.nameContains = search.value.trim(); reset(); }, 250); });
  template.addEventListener('change', () => { state.templateId = template.value; reset(); });
  status.addEventListener('change', () => { state.status = status.value; reset(); });
  order.addEventListener('change', () => { state.order = order.value; reset(); });

  async function load() {
    const mine = ++generation;
    const after = state.cursors[state.cursors.length - 1];
    const variables = {first: PAGE_SIZE, after, nameContains: state.nameContains || null,
      templateId: state.templateId || null, order: state.order,
      active: state.status === 'active' ? true : state.status === 'inactive' ? false : null,
      expired: state.status === 'expired' ? true : null, deleted: state.status === 'deleted'};
    main.setAttribute('aria-busy', 'true');
    try {
      const data = await gql(LIST, variables);
      if (mine !== generation) return;
      if (template.options.length === 1) {
        for (const edge of data.templates.edges) template.append(h('option', {value: edge.node.id}, edge.node.name));
      }
      const edges = data.secrets.edges.filter(({node}) => !purged.has(node.id));
      // The same rows again (a search that narrows nothing, a live update that changed nothing shown) keep their
      // elements, so focus and the reader's place stay where they were.
      const shown = JSON.stringify(edges.map(({node}) => node));
      if (shown !== shownRows) replace(body, edges.length ? edges.map(({node}) => h('tr', {},
          h('th', {scope: 'row'}, h('a', {href: '/secrets/' + encodeURIComponent(node.id)}, node.name),
              state.status === 'deleted' ? deletedActions(node, gone => {
                if (gone) purged.add(node.id);
                shownRows = null;
                reset();
              }) : null),
          h('td', {}, node.description),
          h('td', {}, node.expiresAt ? formatTime(node.expiresAt) : 'Never',
              node.expired ? h('span', {class: 'badge warn'}, 'expired') : null,
              node.active ? null : h('span', {class: 'badge'}, 'inactive')),
          h('td', {}, formatTime(node.updatedAt)),
          h('td', {}, formatTime(node.createdAt))))
          : h('tr', {}, h('td', {colspan: 5}, 'No secrets match.')));
      shownRows = shown;
      state.cursors.push(data.secrets.pageInfo.endCursor);
      next.disabled = !data.secrets.pageInfo.hasNextPage;
      previous.disabled = state.cursors.length <= 2;
      summary.textContent = `${edges.length} secret${edges.length === 1 ? '' : 's'} on this page.`;
    } catch (e) {
      shownRows = null;
      replace(body, h('tr', {}, h('td', {colspan: 5, class: 'error', role: 'alert'}, e.message)));
    } finally {
      main.removeAttribute('aria-busy');
    }
  }

  replace(main,
      h('div', {class: 'heading'}, h('h1', {}, 'Secrets'), newSecretButton()),
      h('form', {class: 'filters', role: 'search', onsubmit: event => { event.preventDefault();
        clearTimeout(timer); state.nameContains = search.value.trim(); reset(); }},
        h('div', {}, h('label', {for: 'search'}, 'Search by name'), search),
        h('div', {}, h('label', {for: 'template-filter'}, 'Template'), template),
        h('div', {}, h('label', {for: 'status-filter'}, 'Status'), status),
        h('div', {}, h('label', {for: 'order'}, 'Sort by'), order)),
      h('table', {class: 'list', id: 'secrets'},
          h('caption', {class: 'visually-hidden'}, 'Secrets you may see'),
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col'}, 'Description'),
              h('th', {scope: 'col'}, 'Expires'), h('th', {scope: 'col'}, 'Last updated'),
              h('th', {scope: 'col'}, 'Created'))),
          body),
      summary,
      h('div', {class: 'pager'}, previous, next));
  search.focus();
  load();
  const endLive = liveList(main, () => { state.cursors.pop(); load(); });
  return () => { clearTimeout(timer); generation++; endLive(); };
}

/** Opens the Add Secret dialog (editor.js), which goes to the new secret's page once it is created. */
function newSecretButton() {
  return h('button', {type: 'button', class: 'primary', id: 'new-secret', onclick: () => newSecret()}, 'New secret');
}

/** Restore and Purge on a row of the deleted secrets. */
function deletedActions(node, reload) {
  const act = action => async event => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      if (await action(node)) reload(action === purgeSecret);
    } catch (e) {
      announce(e.message);
    } finally {
      button.disabled = false;
    }
  };
  return h('span', {class: 'row-actions'},
      h('button', {type: 'button', class: 'restore', 'aria-label': `Restore ${node.name}`, onclick: act(restoreSecret)},
          'Restore'),
      h('button', {type: 'button', class: 'danger purge', 'aria-label': `Purge ${node.name}`, onclick: act(purgeSecret)},
          'Purge'));
}
