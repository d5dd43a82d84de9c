import {h, replace, announce, dialog, formatTime} from './dom.js';
import {gql} from './api.js';

// The API answers who may see a secret (explainAccess) but keeps its assignments, rules and relations only in the
// secret's history: the latest entry of each kind is the current state.
const HISTORY = `query AccessHistory($id: ID!, $after: String) {
  secret(id: $id) { history(first: 100, after: $after) {
    edges { node { sequence type at actor { displayName type } changes { field change value } } }
    pageInfo { hasNextPage endCursor } } } }`;
const MEMBERS = `query Members { workspace { members { id email title division } } }`;
const EXPLAIN = `query Explain($secretId: ID!, $memberId: ID!) {
  explainAccess(secretId: $secretId, memberId: $memberId) {
    canView canModify viewGrants { name explanation } modifyGrants { name explanation } denials } }`;
const CHANGE_ACCESS = `mutation ChangeAccess($input: ChangeSecretAccessInput!) {
  changeSecretAccess(input: $input) { secretId } }`;
const CHANGE_RELATIONS = `mutation ChangeRelations($input: ChangeSecretRelationsInput!) {
  changeSecretRelations(input: $input) { secretId } }`;
const HISTORY_PAGES = 5;

export const RULE_TYPES = [
  ['MEMBER_TITLE_MATCHES', 'Member title matches', true],
  ['MEMBER_DIVISION_MATCHES', 'Member division matches', true],
  ['CAN_ACCESS_LINKED_TICKETS', 'Can access linked tickets', false],
  ['CAN_ACCESS_CURRENT_TICKET', 'Can access current ticket', false],
  ['CURRENT_TICKET_HAS_RELATED_CONTACT', 'Current ticket has a related contact', false],
];
const ruleLabel = type => RULE_TYPES.find(([value]) => value === type)?.[1] ?? type;

/** The current relations and access of a secret, read from its history (newest first). */
export async function readAccess(secretId) {
  const state = {tickets: null, contacts: null, assigned: null, rules: null, complete: false};
  let after = null;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const history = (await gql(HISTORY, {id: secretId, after})).secret?.history;
    if (!history) break;
    for (const {node} of history.edges) {
      if (node.type === 'RELATIONS_CHANGED') {
        const change = node.changes[0];
        if (change?.field === 'relatedTickets' && !state.tickets) state.tickets = entry(node, ids(change.value));
        if (change?.field === 'relatedContacts' && !state.contacts) state.contacts = entry(node, ids(change.value));
      } else if (node.type === 'ACCESS_CHANGED') {
        const assignment = node.changes.find(change => change.field === 'assignments');
        if (assignment && !state.assigned) state.assigned = entry(node, ids(assignment.value));
        if (!assignment && !state.rules) state.rules = entry(node, node.changes.map(change => {
          const [type, ...pattern] = (change.value ?? '').split(' ');
          return {id: change.field.replace(/^rule:/, ''), type, pattern: pattern.join(' ') || null};
        }));
      }
    }
    if (state.tickets && state.contacts && state.assigned && state.rules) break;
    if (!history.pageInfo.hasNextPage) { state.complete = true; break; }
    after = history.pageInfo.endCursor;
  }
  for (const key of ['tickets', 'contacts', 'assigned', 'rules']) {
    if (!state[key] && state.complete) state[key] = {items: [], at: null, by: null};
  }
  return state;
}

const ids = value => (value ?? '').split(',').map(id => id.trim()).filter(Boolean);
const entry = (node, items) => ({items, at: node.at, by: node.actor.displayName ?? node.actor.type});

/**
 * "Relations and access": related tickets and contacts, assigned members and dynamic rules, each editable by those
 * the API lets change them, and "Why can I see this?" with the API's own explanation for the signed-in member.
 */
export function accessSection(secret, caller) {
  const body = h('div', {class: 'access', id: 'access'});
  const explanation = h('div', {class: 'explanation', id: 'explanation', hidden: true, tabindex: '-1'});
  const why = h('button', {type: 'button', class: 'why', 'aria-expanded': 'false', 'aria-controls': 'explanation',
    onclick: () => explain()}, 'Why can I see this?');
  let members = null;
  let state = null;
  let rendered = null;
  let current = secret;

  async function explain() {
    if (why.getAttribute('aria-expanded') === 'true') {
      why.setAttribute('aria-expanded', 'false');
      explanation.hidden = true;
      return;
    }
    why.disabled = true;
    try {
      const decision = (await gql(EXPLAIN, {secretId: current.id, memberId: caller.memberId})).explainAccess;
      replace(explanation,
          h('p', {}, h('strong', {}, decision.canView ? 'You may see and reveal this secret' : 'You may not reveal this secret'),
              decision.canModify ? ', and change it.' : decision.canView ? ', but not change it.' : '.'),
          grantList('Seeing and revealing', decision.viewGrants),
          grantList('Changing', decision.modifyGrants),
          decision.denials.length ? [h('h4', {}, 'Why not'), h('ul', {}, decision.denials.map(d => h('li', {}, d)))] : null);
      explanation.hidden = false;
      why.setAttribute('aria-expanded', 'true');
      explanation.focus();
      announce(decision.canView ? 'Explained why you may see this secret.' : 'Explained why you may not see it.');
    } catch (e) {
      replace(explanation, h('p', {class: 'error', role: 'alert'}, e.message));
      explanation.hidden = false;
    } finally {
      why.disabled = false;
    }
  }

  async function load() {
    try {
      state = await readAccess(current.id);
    } catch (e) {
      replace(body, h('p', {class: 'error', role: 'alert'}, e.message));
      return;
    }
    if (members === null) {
      try { members = (await gql(MEMBERS)).workspace.members; } catch (e) { members = []; }
    }
    render();
  }

  const memberName = id => {
    const member = members?.find(m => m.id === id);
    return member ? `${member.email}${member.title ? ` (${member.title})` : ''}` : id;
  };

  function render() {
    // A push that changed nothing here keeps the elements, and with them the focus.
    const shape = JSON.stringify(state);
    if (shape === rendered) return;
    rendered = shape;
    replace(body,
        h('div', {class: 'access-grid'},
            h('section', {'aria-labelledby': 'relations-title', class: 'card'},
                h('h3', {id: 'relations-title'}, 'Related tickets and contacts'),
                h('h4', {}, 'Tickets'), itemList(state.tickets, id => id, 'related-tickets', 'No related tickets.'),
                h('h4', {}, 'Contacts'), itemList(state.contacts, id => id, 'related-contacts', 'No related contacts.'),
                h('button', {type: 'button', class: 'edit-relations', onclick: editRelations}, 'Edit relations')),
            h('section', {'aria-labelledby': 'rules-title', class: 'card'},
                h('h3', {id: 'rules-title'}, 'Who may see it'),
                h('h4', {}, 'Assigned members'), itemList(state.assigned, memberName, 'assigned-members',
                    'Nobody is assigned.'),
                h('h4', {}, 'Access rules'), itemList(state.rules, rule => `${ruleLabel(rule.type)}${rule.pattern
                    ? `: ${rule.pattern}` : ''}`, 'access-rules', 'No rules.'),
                h('p', {class: 'help'}, 'Members with View all, Modify all or Account owner see every secret; while '
                    + 'the workspace does not restrict Client Secrets to assigned users, so does every member.'),
                h('button', {type: 'button', class: 'edit-access', onclick: editAccess}, 'Edit access'))));
  }

  async function editRelations() {
    const tickets = h('input', {id: 'relations-tickets', autocomplete: 'off', value: (state.tickets?.items ?? []).join(', '),
      'aria-describedby': 'relations-help'});
    const contacts = h('input', {id: 'relations-contacts', autocomplete: 'off',
      value: (state.contacts?.items ?? []).join(', '), 'aria-describedby': 'relations-help'});
    const done = await dialog('Related tickets and contacts', [
      h('p', {id: 'relations-help', class: 'help'}, 'Ids separated by commas. Ticket rules use these relations.'),
      h('label', {for: 'relations-tickets'}, 'Ticket ids'), tickets,
      h('label', {for: 'relations-contacts'}, 'Contact ids'), contacts], {
      submitLabel: 'Save relations',
      submit: async () => {
        const input = {secretId: current.id};
        const same = (list, found) => list.join(',') === (found?.items ?? []).join(',');
        if (!same(ids(tickets.value), state.tickets)) input.relatedTicketIds = ids(tickets.value);
        if (!same(ids(contacts.value), state.contacts)) input.relatedContactIds = ids(contacts.value);
        if (!input.relatedTicketIds && !input.relatedContactIds) return {unchanged: true};
        try {
          return (await gql(CHANGE_RELATIONS, {input})).changeSecretRelations;
        } catch (e) {
          throw markInvalid(e, {relatedTicketIds: tickets, relatedContactIds: contacts});
        }
      }});
    if (done?.unchanged) announce('Nothing to change.');
    else if (done) { announce('Relations saved.'); await load(); }
  }

  async function editAccess() {
    const rows = h('div', {class: 'rule-rows'});
    let counter = 0;
    const addRow = rule => {
      const n = ++counter;
      const type = h('select', {id: `rule-type-${n}`, class: 'rule-type'},
          RULE_TYPES.map(([value, label]) => h('option', {value, selected: rule?.type === value}, label)));
      const pattern = h('input', {id: `rule-pattern-${n}`, class: 'rule-pattern', autocomplete: 'off',
        value: rule?.pattern ?? '', placeholder: 'support* or re:^ops'});
      const row = h('fieldset', {class: 'rule-row', 'data-rule-id': rule?.id ?? crypto.randomUUID()},
          h('legend', {}, `Rule ${n}`),
          h('label', {for: `rule-type-${n}`}, 'Type'), type,
          h('label', {for: `rule-pattern-${n}`}, 'Pattern (title and division rules)'), pattern,
          h('button', {type: 'button', onclick: () => row.remove(), 'aria-label': `Remove rule ${n}`}, 'Remove'));
      rows.append(row);
      return type;
    };
    for (const rule of state.rules?.items ?? []) addRow(rule);
    const assigned = new Set(state.assigned?.items ?? []);
    const boxes = (members ?? []).map(member => h('li', {},
        h('input', {type: 'checkbox', id: `assign-${member.id}`, value: member.id, checked: assigned.has(member.id)}),
        ' ', h('label', {for: `assign-${member.id}`}, memberName(member.id))));
    const done = await dialog('Who may see this secret', [
      h('fieldset', {}, h('legend', {}, 'Assigned members'),
          boxes.length ? h('ul', {class: 'choices assign-list'}, boxes)
              : h('p', {class: 'help'}, 'The members of the workspace cannot be listed with your permissions.')),
      h('h3', {}, 'Dynamic rules'), rows,
      h('button', {type: 'button', class: 'add-rule', onclick: () => addRow(null).focus()}, 'Add a rule')], {
      submitLabel: 'Save access',
      submit: async form => {
        const rules = [...rows.querySelectorAll('.rule-row')].map(row => ({id: row.dataset.ruleId,
          type: row.querySelector('.rule-type').value,
          pattern: row.querySelector('.rule-pattern').value.trim() || null}));
        // Only what changed is sent: each part is an event of its own in the secret's history.
        const input = {secretId: current.id};
        if (JSON.stringify(rules) !== JSON.stringify(state.rules?.items ?? [])) input.rules = rules;
        if (boxes.length) {
          const chosen = [...form.querySelectorAll('.assign-list input:checked')].map(box => box.value);
          if (chosen.length !== assigned.size || chosen.some(id => !assigned.has(id))) input.assignedMemberIds = chosen;
        }
        if (!input.rules && !input.assignedMemberIds) return {unchanged: true};
        return (await gql(CHANGE_ACCESS, {input})).changeSecretAccess;
      }});
    if (done?.unchanged) announce('Nothing to change.');
    else if (done) { announce('Access saved.'); await load(); }
  }

  load();
  return {
    element: h('div', {}, h('div', {class: 'why-row'}, why), explanation, body),
    /** A change of the secret elsewhere may have changed its relations or access. */
    update: next => { current = next; load(); },
    clear: () => { explanation.hidden = true; replace(explanation); },
  };
}

function itemList(found, label, id, none) {
  if (!found) return h('p', {class: 'help', id}, 'Not found in the secret\'s recent history.');
  return h('div', {}, found.items.length ? h('ul', {id, class: 'items'}, found.items.map(item => h('li', {}, label(item))))
      : h('p', {class: 'help', id}, none),
      found.at ? h('p', {class: 'help'}, 'Set ', h('time', {datetime: found.at}, formatTime(found.at)), ` by ${found.by}`)
          : null);
}

function grantList(title, grants) {
  if (!grants.length) return null;
  return [h('h4', {}, title), h('ul', {class: 'grants'}, grants.map(grant => h('li', {},
      h('code', {}, grant.name), ' ', grant.explanation)))];
}

function markInvalid(error, inputs) {
  const input = inputs[error.field];
  const message = input?.closest('form')?.querySelector('p.error');
  if (input && message) {
    message.id ||= 'relations-error';
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', message.id);
    input.focus();
  }
  return error;
}
