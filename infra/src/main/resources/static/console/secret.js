import {h, replace, formatTime, announce} from './dom.js';
import {gql} from './api.js';
import {Reveals} from './reveal.js';
import {secretActions} from './editor.js';
import {FIELDS, fieldList, fieldRow, fieldShape} from './fields.js';
import {subscribe} from './live.js';
import {currentCaller} from './app.js';
import {versionsToggle} from './secret-versions.js';
import {filesSection} from './secret-files.js';
import {accessSection} from './secret-access.js';

const SECRET_FIELDS = `id name description visibility active expiresAt expired deleted version createdAt createdBy
    updatedAt updatedBy revealCount template { id name } ${FIELDS}`;
const SECRET = `query Secret($id: ID!) {
  secret(id: $id) {
    ${SECRET_FIELDS}
    history(first: 20) { edges { node { sequence type at actor { displayName type } summary
      changes { field change value } } } }
  }
}`;
const HISTORY = `query History($id: ID!) { secret(id: $id) { history(first: 20) { edges { node {
  sequence type at actor { displayName type } summary changes { field change value } } } } } }`;
const LIVE = `subscription Secret($id: ID!) { secretChanged(id: $id) { ${SECRET_FIELDS} } }`;

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
  const page = sections(main, secret, reveals);
  const {fields, details} = page;
  replace(main,
      h('p', {class: 'crumbs'}, h('a', {href: '/secrets'}, 'Secrets'), ' / ', secret.name),
      h('h1', {}, secret.name),
      secretActions(secret),
      secret.description ? h('p', {class: 'description'}, secret.description) : null,
      h('ul', {class: 'facts'}, facts(secret)),
      h('section', {'aria-labelledby': 'fields-title'}, h('h2', {id: 'fields-title'}, 'Fields'), fields),
      ...details);
  return page.start();
}

/**
 * The sections below the fields (versions in each field, files, relations and access, the change log), and the
 * live updates of the whole page through `secretChanged`: a change made elsewhere rebuilds only what it changed, so
 * values revealed in other fields, open version lists and the access explanation stay as the person left them.
 */
function sections(main, secret, reveals) {
  const caller = currentCaller();
  const openVersions = new Set();
  let shown = secret;
  const refetch = async () => {
    const next = (await gql(SECRET, {id: secret.id})).secret;
    if (next) apply(next, {history: next.history});
  };
  const options = {extra: field => versionsToggle(shown, field, openVersions, refetch)};
  const fields = fieldList(secret, reveals, {}, options);
  const files = filesSection(secret, refetch);
  const access = accessSection(secret, caller);
  const changeLog = h('ol', {class: 'timeline', id: 'change-log'});
  const note = h('p', {class: 'live-note', id: 'secret-note', hidden: true});
  const liveState = h('p', {class: 'help', id: 'live-state'}, 'Connecting for live updates…');
  renderLog(changeLog, secret.history);
  const details = [
    note,
    h('section', {'aria-labelledby': 'files-title'}, h('h2', {id: 'files-title'}, 'Files'), files.element),
    h('section', {'aria-labelledby': 'access-title'}, h('h2', {id: 'access-title'}, 'Relations and access'),
        access.element),
    h('section', {'aria-labelledby': 'history-title'}, h('h2', {id: 'history-title'}, 'Change log'), changeLog),
    liveState,
  ];

  const showNote = current => {
    note.hidden = !(current.deleted || !current.active);
    note.textContent = current.deleted ? 'This secret has been deleted: it can be restored, not revealed or edited.'
        : current.active ? '' : 'This secret is inactive: it is kept, but not revealed.';
  };
  showNote(secret);

  function apply(next, {history = null} = {}) {
    // A read that crossed a newer push on the way must not take the page back.
    if (next.version < shown.version || next.version === shown.version && !history) return;
    const before = shown;
    shown = next;
    const changedFields = [];
    const keys = secret => secret.fields.map(field => field.key).join(' ');
    if (keys(before) !== keys(next)) {
      replace(fields, next.fields.map(field => fieldRow(next, field, reveals, {}, options)));
    } else {
      next.fields.forEach((field, index) => {
        if (fieldShape(before, before.fields[index]) === fieldShape(next, field)) return;
        changedFields.push(field.label);
        const row = fields.querySelector(`[data-field="${CSS.escape(field.key)}"]`);
        if (!row) return;
        const focused = row.contains(document.activeElement);
        const rebuilt = fieldRow(next, field, reveals, {}, options);
        row.replaceWith(rebuilt);
        if (focused) rebuilt.querySelector('.versions-toggle')?.focus();
      });
    }
    reveals.hideDetached();
    updateHeading(main, next);
    files.update(next);
    if (next.deleted !== before.deleted || next.active !== before.active) showNote(next);
    if (next.version !== before.version) access.update(next);
    if (history) renderLog(changeLog, history);
    else gql(HISTORY, {id: next.id}).then(data => data.secret && renderLog(changeLog, data.secret.history), () => {});
    if (next.updatedAt !== before.updatedAt) {
      announce(changedFields.length ? `This secret changed: ${changedFields.join(', ')}.`
          : `This secret changed${next.updatedBy ? ` (${next.updatedBy})` : ''}.`);
    }
  }

  function start() {
    const end = subscribe(LIVE, {id: secret.id}, {
      next: data => {
        liveState.textContent = 'Live: this page updates when the secret changes.';
        apply(data.secretChanged);
      },
      error: errors => {
        liveState.textContent = 'Live updates stopped: ' + (errors[0]?.message ?? 'error');
        if (errors[0]?.extensions?.code === 'FORBIDDEN' || errors[0]?.extensions?.code === 'NOT_FOUND') {
          note.hidden = false;
          note.setAttribute('role', 'alert');
          note.textContent = 'This secret is no longer open to you: it was deleted, or your access changed.';
        }
      },
      complete: () => { if (!liveState.textContent.startsWith('Live updates stopped')) {
        liveState.textContent = 'Live updates stopped.'; } },
    });
    return () => { end(); reveals.hideAll(); access.clear(); openVersions.clear(); };
  }

  return {fields, details, start};
}

function renderLog(list, history) {
  replace(list, history.edges.map(({node}) => h('li', {},
      h('time', {datetime: node.at}, formatTime(node.at)), ' ',
      h('strong', {}, node.actor.displayName ?? node.actor.type), ' ', node.summary,
      node.changes.length ? h('ul', {}, node.changes.map(change => h('li', {},
          `${change.field}: ${change.change}`, change.value ? ` (${change.value})` : ''))) : null)));
}

/** The heading's description and facts, again after a change elsewhere. */
function updateHeading(main, secret) {
  const description = main.querySelector('p.description');
  if (description) description.textContent = secret.description;
  else if (secret.description) main.querySelector('h1')?.after(h('p', {class: 'description'}, secret.description));
  const list = main.querySelector('ul.facts');
  if (!list) return;
  replace(list, facts(secret));
}

/** The facts under a secret's heading, for the first view and for each live update. */
function facts(secret) {
  return [
    h('li', {}, 'Template: ', secret.template?.name ?? '–'),
    h('li', {}, 'Visibility: ', secret.visibility.toLowerCase()),
    h('li', {}, secret.active ? 'Active' : 'Inactive'),
    h('li', {}, 'Expires: ', secret.expiresAt ? formatTime(secret.expiresAt) : 'never',
        secret.expired ? h('span', {class: 'badge warn'}, 'expired') : null),
    h('li', {}, `Version ${secret.version}`),
    h('li', {}, `Revealed ${secret.revealCount} times`),
    h('li', {}, 'Updated ', formatTime(secret.updatedAt), secret.updatedBy ? ` by ${secret.updatedBy}` : ''),
  ];
}
