import {h, replace, announce} from './dom.js';
import {gql, headers, ApiError} from './api.js';
import {subscribe} from './live.js';

const ENTRY = 'position at actor { type id displayName } action targetType targetId grant ticketId result hash';
const LOG = `query AuditLog($first: Int, $after: String, $filter: AuditFilterInput) {
  auditLog(first: $first, after: $after, filter: $filter) {
    edges { node { ${ENTRY} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const LIVE = `subscription AuditLive($filter: AuditFilterInput) { auditLogAdded(filter: $filter) { ${ENTRY} } }`;
const VERIFY = `query VerifyChain($from: DateTime, $to: DateTime) {
  verifyAuditChain(from: $from, to: $to) { intact checked firstBroken reason expectedHash storedHash }
}`;
const ACTORS = `query AuditActors { workspace { members { id email } serviceAccounts { id name } } }`;
const FIND = `query FindSecrets($name: String) {
  live: secrets(first: 10, nameContains: $name) { edges { node { id name deleted } } }
  deleted: secrets(first: 10, nameContains: $name, deleted: true) { edges { node { id name deleted } } }
}`;

const PAGE_SIZE = 50;

/** The event names an auditor filters by most, grouped as a person thinks of them (any other name the log shows
 * is added under "Other" as it is seen). */
const ACTIONS = [
  ['Reveals and uses', ['SecretRevealed', 'SecretRevealRefused', 'SecretFileDownloaded', 'SecretUsed',
    'SecretUseAuthorized', 'SecretUseRefused', 'SecretKeyUsed', 'FieldShared', 'SharedFieldViewed',
    'ShareLinkRefused', 'ShareLinkRevoked']],
  ['Changes to secrets', ['SecretCreated', 'SecretEdited', 'SecretFieldRolledBack', 'SecretFileAttached',
    'SecretActivated', 'SecretDeactivated', 'SecretExpirationChanged', 'SecretExpired', 'SecretRotationMarked',
    'SecretDeleted', 'SecretRestored', 'SecretPurged', 'AccessRulesChanged', 'AssignmentChanged',
    'RelatedTicketsChanged', 'RelatedContactsChanged', 'SecretRemindersChanged']],
  ['Access requests', ['AccessRequested', 'AccessRequestApproved', 'AccessRequestDenied', 'BreakGlassAccessGranted',
    'AccessGrantExpired']],
  ['E-mailed codes', ['VerificationRequested', 'VerificationSucceeded', 'VerificationFailed',
    'VerificationLockedOut']],
  ['Members and workspace', ['MemberAdded', 'MemberInvited', 'InvitationAccepted', 'InvitationRevoked',
    'MemberPermissionsChanged', 'MemberProfileChanged', 'MemberRemoved', 'MemberTokenIssued',
    'ServiceAccountCreated', 'ServiceAccountTokenIssued', 'ServiceAccountTokenRevoked', 'WorkspaceSettingsChanged',
    'WorkspaceRenamed', 'WorkspaceSuspended', 'WorkspaceResumed', 'WorkspaceKeyRotated', 'MasterKeyRotated']],
  ['Templates and tickets', ['TemplateCreated', 'TemplateRenamed', 'TemplateDescribed', 'TemplateFieldAdded',
    'TemplateFieldChanged', 'TemplateFieldRemoved', 'TemplateFieldsReordered', 'TemplateArchived',
    'TemplateRestored', 'TicketRegistered', 'TicketUpdated']],
];

/** "SecretRevealRefused" as a person reads it: "Secret reveal refused". */
export function describeAction(action) {
  const words = action.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An instant in the person's local time, to the second: an auditor compares entries that close. */
export function formatInstant(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, {year: 'numeric', month: 'short',
    day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

/** The value of an <input type=datetime-local> (the person's local time) as an ISO instant; null when empty. */
export function localToIso(value) {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError('Not a date and time');
  return date.toISOString();
}

/** An instant as an <input type=datetime-local> value in the person's local time, to the second. */
export function isoToLocal(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const two = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:`
      + `${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/**
 * Opens the point-in-time view of a secret at a moment (and on a ticket). The address carries ids and the time
 * only; the router reads the path, the view reads the rest.
 */
export function pointInTimeAddress(secretId, at, ticketId) {
  const parameters = new URLSearchParams({secretId, at});
  if (ticketId) parameters.set('ticketId', ticketId);
  return '/auditor?' + parameters;
}

/** What an owner who is not one sees instead of a blank page, from the API's FORBIDDEN. */
export function forbiddenMessage(main, title, error) {
  replace(main, h('h1', {}, title),
      h('p', {class: 'error', role: 'alert', id: 'forbidden'}, error.code === 'FORBIDDEN'
          ? 'Only the account owners of this workspace may read its audit. Ask an owner if you need it.'
          : error.message),
      h('p', {}, h('a', {href: '/secrets'}, 'Back to the secrets')));
}

/** Marks an input as in error, with its message named by aria-describedby; `null` clears it. */
export function fieldError(input, message) {
  const id = input.id + '-error';
  let note = document.getElementById(id);
  if (!message) {
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') ?? '').split(' ')
        .filter(name => name && name !== id).join(' '));
    note?.remove();
    return;
  }
  if (!note) {
    note = h('p', {class: 'error', role: 'alert', id});
    input.insertAdjacentElement('afterend', note);
  }
  note.textContent = message;
  input.setAttribute('aria-invalid', 'true');
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  if (!described.includes(id)) input.setAttribute('aria-describedby', [...described, id].join(' '));
}

/**
 * A secret chosen by name: type part of it, then choose one of the matches (deleted ones too: an auditor asks
 * about them). `onPick(secret | null)` is told of every choice and of Clear.
 */
export function secretPicker({id, label, onPick = () => {}}) {
  const input = h('input', {id, type: 'search', autocomplete: 'off', placeholder: 'payment-api-key',
    'aria-describedby': id + '-help', 'aria-controls': id + '-results'});
  const results = h('ul', {class: 'choices picker-results', id: id + '-results', 'aria-label': 'Matching secrets'});
  const chosen = h('span', {class: 'picked-name'});
  const clear = h('button', {type: 'button', class: 'picker-clear'}, 'Clear');
  const picked = h('p', {class: 'picked', id: id + '-picked', hidden: true}, 'Chosen: ', chosen, ' ', clear);
  let selected = null;
  let timer = null;
  let generation = 0;

  const choose = secret => {
    selected = secret;
    replace(results);
    if (secret) {
      replace(chosen, secret.name, secret.deleted ? h('span', {class: 'badge'}, 'deleted') : null);
      picked.hidden = false;
      input.value = secret.name;
    } else {
      picked.hidden = true;
      input.value = '';
    }
    onPick(secret);
  };
  clear.addEventListener('click', () => { choose(null); input.focus(); announce('No secret chosen.'); });
  const search = async () => {
    const name = input.value.trim();
    const mine = ++generation;
    if (!name || name === selected?.name) { replace(results); return; }
    try {
      const data = await gql(FIND, {name});
      if (mine !== generation) return;
      const found = [...data.live.edges, ...data.deleted.edges].map(edge => edge.node);
      replace(results, found.length ? found.map(secret => h('li', {}, h('button', {type: 'button',
        class: 'pick', 'data-secret': secret.name, onclick: () => { choose(secret);
          announce(`${secret.name} chosen.`); }}, secret.name,
          secret.deleted ? h('span', {class: 'badge'}, 'deleted') : null)))
          : h('li', {class: 'help'}, 'No secret has that in its name.'));
    } catch (e) {
      if (mine === generation) replace(results, h('li', {class: 'error', role: 'alert'}, e.message));
    }
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 250); });
  input.addEventListener('keydown', event => {
    if (event.key === 'Enter') { event.preventDefault(); clearTimeout(timer); search(); }
    if (event.key === 'ArrowDown') { results.querySelector('button')?.focus(); event.preventDefault(); }
  });
  const element = h('div', {class: 'picker'},
      h('label', {for: id}, label), input,
      h('p', {class: 'help', id: id + '-help'}, 'Type part of its name, then choose it below.'),
      results, picked);
  return {element, input, get selected() { return selected; }, choose, stop: () => { clearTimeout(timer);
    generation++; }};
}

/**
 * The audit log (owners only, as the API decides): every filter of AuditFilterInput, paged as the API gives it
 * (oldest first), new entries added live, the filtered log exported as NDJSON and the hash chain checked.
 */
export async function auditPage(main) {
  const state = {filter: {}, cursors: [null], hasNext: false, pending: 0};
  const shown = new Set();          // positions on the page, so an entry pushed while it loads is not shown twice
  const secretNames = new Map();    // secret id -> name, for the rows
  let generation = 0;
  let endLive = () => {};
  let exportUrl = null;
  let catchUpTimer = null;

  // Who may read the log is the API's answer, asked before anything else is drawn.
  let first;
  try {
    first = await gql(LOG, {first: PAGE_SIZE, after: null, filter: null});
  } catch (e) {
    forbiddenMessage(main, 'Audit log', e);
    return;
  }

  const actor = h('select', {id: 'audit-actor'}, h('option', {value: ''}, 'Anyone'));
  const actorMembers = h('optgroup', {label: 'Members'});
  const actorAccounts = h('optgroup', {label: 'Service accounts'});
  const actorOthers = h('optgroup', {label: 'Others in this log'});
  // Groups join the list once they have an option: an empty group is a heading with nothing under it.
  const into = (select, group, option) => { group.append(option); if (!group.isConnected) select.append(group); };
  const action = h('select', {id: 'audit-action'}, h('option', {value: ''}, 'Any event'),
      ACTIONS.map(([group, names]) => h('optgroup', {label: group},
          names.map(name => h('option', {value: name}, describeAction(name))))));
  const otherActions = h('optgroup', {label: 'Other'});
  const from = h('input', {id: 'audit-from', type: 'datetime-local', step: 1, 'aria-describedby': 'audit-time-help'});
  const to = h('input', {id: 'audit-to', type: 'datetime-local', step: 1, 'aria-describedby': 'audit-time-help'});
  const picker = secretPicker({id: 'audit-secret', label: 'Secret', onPick: () => apply()});
  const formError = h('p', {class: 'error', role: 'alert', id: 'audit-error', hidden: true});

  const badge = h('span', {class: 'badge', id: 'chain-badge'}, 'Checking the chain…');
  const chainDetail = h('span', {class: 'help', id: 'chain-detail'});
  const verify = h('button', {type: 'button', id: 'audit-verify', onclick: () => check()}, 'Check again');
  const exportButton = h('button', {type: 'button', id: 'audit-export', onclick: () => exportLog()},
      'Export as NDJSON');
  const liveState = h('p', {class: 'help', id: 'audit-live'}, 'Connecting for live entries…');
  const body = h('tbody');
  const summary = h('p', {class: 'help', id: 'audit-summary', 'aria-live': 'polite'});
  const previous = h('button', {type: 'button', id: 'audit-previous', onclick: () => {
    state.cursors.pop(); state.cursors.pop(); load(); }}, 'Previous page');
  const next = h('button', {type: 'button', id: 'audit-next', onclick: () => load()}, 'Next page');

  function readFilter() {
    const filter = {};
    let invalid = false;
    fieldError(from, null);
    fieldError(to, null);
    for (const [input, key] of [[from, 'from'], [to, 'to']]) {
      try {
        const iso = localToIso(input.value);
        if (iso) filter[key] = iso;
      } catch (e) {
        fieldError(input, 'Enter a complete date and time.');
        invalid = true;
      }
    }
    if (filter.from && filter.to && filter.from >= filter.to) {
      fieldError(to, 'The end must come after the start.');
      invalid = true;
    }
    if (actor.value) filter.actorId = actor.value;
    if (picker.selected) filter.secretId = picker.selected.id;
    if (action.value) filter.action = action.value;
    return invalid ? null : filter;
  }

  function apply() {
    const filter = readFilter();
    if (!filter) return;
    const rangeChanged = filter.from !== state.filter.from || filter.to !== state.filter.to;
    state.filter = filter;
    state.cursors = [null];
    load();
    live();
    // The chain is the whole log's, or its time range's: the other filters do not change what it checks.
    if (rangeChanged) check();
  }

  function variablesFilter() {
    return Object.keys(state.filter).length ? state.filter : null;
  }

  async function load(preloaded = null) {
    const mine = ++generation;
    const after = state.cursors[state.cursors.length - 1];
    main.setAttribute('aria-busy', 'true');
    formError.hidden = true;
    try {
      const data = preloaded ?? await gql(LOG, {first: PAGE_SIZE, after, filter: variablesFilter()});
      if (mine !== generation) return;
      const entries = data.auditLog.edges.map(edge => edge.node);
      await nameSecrets(entries);
      if (mine !== generation) return;
      shown.clear();
      entries.forEach(entry => shown.add(entry.position));
      replace(body, entries.length ? entries.map(row) : emptyRow());
      state.cursors.push(data.auditLog.pageInfo.endCursor ?? after);
      state.hasNext = data.auditLog.pageInfo.hasNextPage;
      state.pending = 0;
      next.disabled = !state.hasNext;
      previous.disabled = state.cursors.length <= 2;
      summarize(entries.length);
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof ApiError && e.code === 'FORBIDDEN') { leave(); forbiddenMessage(main, 'Audit log', e); return; }
      if (e instanceof ApiError && e.field && (e.field === 'to' || e.field === 'from')) {
        fieldError(e.field === 'to' ? to : from, e.message);
      } else {
        formError.textContent = e.message;
        formError.hidden = false;
      }
      replace(body, emptyRow('No entries shown: the filter was refused.'));
    } finally {
      main.removeAttribute('aria-busy');
    }
  }

  function summarize(count) {
    const filtered = Object.keys(state.filter).length ? ' matching the filter' : '';
    summary.textContent = `${count} entr${count === 1 ? 'y' : 'ies'}${filtered} on this page, oldest first`
        + (state.hasNext ? '; more on the next page.' : '.')
        + (state.pending ? ` ${state.pending} new since, on the pages after this one.` : '');
  }

  function emptyRow(text = 'No entries match.') {
    return h('tr', {class: 'empty'}, h('td', {colspan: 7}, text));
  }

  function row(entry) {
    const who = entry.actor.displayName ?? entry.actor.id;
    const target = entry.targetType === 'secret'
        ? [h('a', {href: '/secrets/' + encodeURIComponent(entry.targetId)}, secretNames.get(entry.targetId)
            ?? entry.targetId), h('br'),
          h('a', {href: pointInTimeAddress(entry.targetId, entry.at, entry.ticketId), class: 'as-of-link',
            'aria-label': `${secretNames.get(entry.targetId) ?? entry.targetId} as it was then, and who could reveal it`,
            onclick: event => {
              // The router keeps only the path of a link; this one's query is the view's question.
              if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
              event.preventDefault();
              history.pushState(null, '', event.currentTarget.getAttribute('href'));
              window.dispatchEvent(new PopStateEvent('popstate'));
            }}, 'As it was then')]
        : entry.targetType ? [h('span', {class: 'target-type'}, entry.targetType), ' ', h('code', {}, entry.targetId)]
            : '–';
    const [outcome, ...reason] = entry.result.split(': ');
    return h('tr', {'data-position': entry.position, 'data-action': entry.action, 'data-target': entry.targetId ?? ''},
        h('td', {}, h('time', {datetime: entry.at, title: entry.at}, formatInstant(entry.at))),
        h('td', {}, who, entry.actor.type !== 'MEMBER' ? h('span', {class: 'badge'},
            entry.actor.type.toLowerCase().replace('_', ' ')) : null),
        h('th', {scope: 'row'}, describeAction(entry.action), h('br'), h('code', {class: 'action'}, entry.action)),
        h('td', {}, target),
        h('td', {}, entry.ticketId ? h('a', {href: '/tickets/' + encodeURIComponent(entry.ticketId)}, entry.ticketId)
            : '–'),
        h('td', {}, outcome, reason.length ? h('span', {class: 'reason'}, ': ', reason.join(': ')) : null,
            entry.grant ? h('span', {class: 'grant'}, 'by ', h('code', {}, entry.grant)) : null),
        h('td', {}, h('code', {class: 'hash', title: entry.hash}, entry.hash.slice(0, 12) + '…')));
  }

  async function nameSecrets(entries) {
    const unknown = [...new Set(entries.filter(e => e.targetType === 'secret' && e.targetId
        && !secretNames.has(e.targetId)).map(e => e.targetId))].slice(0, 100);
    for (const entry of entries) noteActor(entry);
    if (!unknown.length) return;
    const variables = {};
    unknown.forEach((id, index) => { variables['s' + index] = id; });
    const query = `query SecretNames(${unknown.map((_, i) => `$s${i}: ID!`).join(', ')}) {
      ${unknown.map((_, i) => `s${i}: secret(id: $s${i}) { id name }`).join('\n')} }`;
    let data;
    try {
      data = await gql(query, variables);
    } catch (e) {
      data = e.data ?? {};
    }
    unknown.forEach((id, index) => secretNames.set(id, data?.['s' + index]?.name ?? id));
  }

  function noteActor(entry) {
    if (entry.actor.id && ![...actor.options].some(option => option.value === entry.actor.id)) {
      into(actor, actorOthers, h('option', {value: entry.actor.id}, entry.actor.displayName ?? entry.actor.id));
    }
    if (![...action.options].some(option => option.value === entry.action)) {
      into(action, otherActions, h('option', {value: entry.action}, describeAction(entry.action)));
    }
  }

  function live() {
    endLive();
    liveState.textContent = 'Connecting for live entries…';
    const filter = variablesFilter();
    endLive = subscribe(LIVE, {filter}, {
      next: async data => {
        const entry = data.auditLogAdded;
        liveState.textContent = 'Live: new entries that match appear as they are written.';
        if (!entry || shown.has(entry.position) || filter !== variablesFilter()) return;
        if (state.hasNext) {
          state.pending++;
          summarize(shown.size);
          return;
        }
        await nameSecrets([entry]);
        if (shown.has(entry.position)) return;
        shown.add(entry.position);
        body.querySelector('tr.empty')?.remove();
        const added = row(entry);
        added.classList.add('new');
        body.append(added);
        summarize(shown.size);
        announce(`New audit entry: ${describeAction(entry.action)} by ${entry.actor.displayName ?? entry.actor.id}.`);
      },
      error: errors => {
        liveState.textContent = errors[0]?.extensions?.code === 'FORBIDDEN'
            ? 'Live entries stopped: only account owners may read the audit log.'
            : 'Live entries stopped: ' + (errors[0]?.message ?? 'error');
      },
      complete: () => { if (!liveState.textContent.startsWith('Live entries stopped')) {
        liveState.textContent = 'Live entries stopped.'; } },
    });
    // live.js does not say when the server has taken the subscription: entries written between the page's load
    // and then are fetched once, a moment later, after the page's last cursor.
    const mine = generation;
    clearTimeout(catchUpTimer);
    catchUpTimer = setTimeout(async () => {
      if (mine !== generation) return;
      if (!state.hasNext) {
        try {
          const data = await gql(LOG, {first: PAGE_SIZE, after: state.cursors[state.cursors.length - 1],
            filter: variablesFilter()});
          if (mine !== generation) return;
          const entries = data.auditLog.edges.map(edge => edge.node).filter(entry => !shown.has(entry.position));
          await nameSecrets(entries);
          if (mine !== generation) return;
          if (entries.length) body.querySelector('tr.empty')?.remove();
          for (const entry of entries) {
            if (shown.has(entry.position)) continue;
            shown.add(entry.position);
            body.append(row(entry));
          }
          if (entries.length) summarize(shown.size);
        } catch (e) { /* the page as loaded stays */ }
      }
      if (!liveState.textContent.startsWith('Live entries stopped')) {
        liveState.textContent = 'Live: new entries that match appear as they are written.';
      }
    }, 1000);
  }

  let checking = 0;
  async function check() {
    const mine = ++checking;
    verify.disabled = true;
    badge.className = 'badge';
    badge.textContent = 'Checking the chain…';
    chainDetail.textContent = '';
    try {
      const report = (await gql(VERIFY, {from: state.filter.from ?? null, to: state.filter.to ?? null}))
          .verifyAuditChain;
      if (mine !== checking) return;
      const range = state.filter.from || state.filter.to ? ' of the chosen time range' : ' of the whole log';
      if (report.intact) {
        badge.className = 'badge good';
        badge.textContent = 'Chain verified';
        chainDetail.textContent = `${report.checked} entr${report.checked === 1 ? 'y' : 'ies'}${range} match the `
            + 'event store, hash by hash.';
        chainDetail.removeAttribute('role');
      } else {
        badge.className = 'badge bad';
        badge.textContent = `Chain broken at ${report.firstBroken}`;
        const reasons = {CHANGED: 'its content or hash differs from the event store',
          MISSING: 'an event has no entry', UNKNOWN: 'an entry has no event'};
        chainDetail.textContent = `Entry ${report.firstBroken}: ${reasons[report.reason] ?? report.reason}`
            + (report.expectedHash ? `; expected hash ${report.expectedHash}` : '')
            + (report.storedHash ? `, stored ${report.storedHash}` : '') + `. ${report.checked} compared${range}.`;
        chainDetail.removeAttribute('role');
      }
      announce(badge.textContent + '.');
    } catch (e) {
      if (mine !== checking) return;
      badge.className = 'badge warn';
      badge.textContent = 'Chain not checked';
      chainDetail.textContent = e.message;
      chainDetail.setAttribute('role', 'alert');
    } finally {
      if (mine === checking) verify.disabled = false;
    }
  }

  async function exportLog() {
    exportButton.disabled = true;
    formError.hidden = true;
    const parameters = new URLSearchParams();
    for (const [key, value] of Object.entries(state.filter)) parameters.set(key, value);
    try {
      // The bearer token goes in the header, as for every other call: never in the address.
      const query = parameters.toString();
      const response = await fetch('/audit/export' + (query ? '?' + query : ''), {
        method: 'GET', credentials: 'omit', cache: 'no-store', headers: headers({Accept: 'application/x-ndjson'})});
      if (!response.ok) {
        let message = `The export was refused (${response.status}).`;
        try {
          const refusal = await response.json();
          message = refusal.code === 'FORBIDDEN'
              ? 'Only the account owners of this workspace may export its audit log.' : refusal.message ?? message;
        } catch (e) { /* the status says enough */ }
        throw new Error(message);
      }
      const blob = await response.blob();
      const lines = (await blob.text()).split('\n').filter(Boolean).length;
      if (exportUrl) URL.revokeObjectURL(exportUrl);
      exportUrl = URL.createObjectURL(new Blob([blob], {type: 'application/x-ndjson'}));
      const name = `audit-log-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
      const link = h('a', {href: exportUrl, download: name, class: 'visually-hidden'}, name);
      document.body.append(link);
      link.click();
      link.remove();
      announce(`Exported ${lines} entr${lines === 1 ? 'y' : 'ies'} to ${name}.`);
    } catch (e) {
      formError.textContent = e.message;
      formError.hidden = false;
    } finally {
      exportButton.disabled = false;
    }
  }

  function leave() {
    generation++;
    checking++;
    clearTimeout(catchUpTimer);
    endLive();
    picker.stop();
    if (exportUrl) { URL.revokeObjectURL(exportUrl); exportUrl = null; }
  }

  for (const control of [actor, action, from, to]) control.addEventListener('change', () => apply());

  replace(main,
      h('h1', {}, 'Audit log'),
      h('p', {class: 'help'}, 'Every event of this workspace: changes, reveals, downloads, codes, members. Each entry '
          + 'is chained to the one before by its hash.'),
      h('div', {class: 'chain', id: 'audit-chain'}, h('strong', {}, 'Audit chain: '), badge, ' ', chainDetail, ' ',
          verify),
      h('form', {class: 'filters audit-filters', role: 'search', 'aria-label': 'Filter the audit log',
        onsubmit: event => { event.preventDefault(); apply(); }},
        h('div', {}, h('label', {for: 'audit-actor'}, 'Who'), actor),
        picker.element,
        h('div', {}, h('label', {for: 'audit-action'}, 'Event type'), action),
        h('div', {}, h('label', {for: 'audit-from'}, 'From'), from,
            h('p', {class: 'help', id: 'audit-time-help'}, 'In your local time.')),
        h('div', {}, h('label', {for: 'audit-to'}, 'Until (not included)'), to),
        h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Apply'),
            h('button', {type: 'button', onclick: () => {
              actor.value = ''; action.value = ''; from.value = ''; to.value = '';
              picker.choose(null);
              announce('Filters cleared.');
            }}, 'Clear filters'))),
      formError,
      h('div', {class: 'audit-tools'}, liveState, exportButton),
      h('table', {class: 'list audit', id: 'audit-log'},
          h('caption', {class: 'visually-hidden'}, 'Audit log entries, oldest first'),
          h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'On', 'Ticket', 'Result', 'Hash']
              .map(title => h('th', {scope: 'col'}, title)))),
          body),
      summary,
      h('div', {class: 'pager'}, previous, next));

  gql(ACTORS).then(data => {
    for (const member of data.workspace.members) {
      into(actor, actorMembers, h('option', {value: member.id}, member.email));
    }
    for (const account of data.workspace.serviceAccounts) {
      into(actor, actorAccounts, h('option', {value: account.id}, account.name));
    }
    // An actor already noted from the log moves to its proper group.
    for (const option of [...actorOthers.children]) {
      if ([...actorMembers.children, ...actorAccounts.children].some(known => known !== option
          && known.value === option.value)) option.remove();
    }
    if (!actorOthers.children.length) actorOthers.remove();
    else actor.append(actorOthers);
  }).catch(() => { /* the actors of the log itself stay choosable */ });

  await load(first);
  live();
  check();
  return leave;
}
