import {h, replace, announce, formatTime} from './dom.js';
import {gql, ApiError} from './api.js';
import {secretPicker, localToIso, isoToLocal, forbiddenMessage, fieldError, formatInstant} from './audit.js';

const PROBE = `query CanAudit { auditLog(first: 1) { pageInfo { hasNextPage } } }`;
const NAME = `query SecretName($id: ID!) { secret(id: $id) { id name deleted } }`;
const AS_OF = `query PointInTime($id: ID!, $at: DateTime!, $ticketId: ID) {
  secretAsOf(id: $id, at: $at) {
    id name description visibility active expiresAt expired deleted version revealCount updatedAt updatedBy
    fields { key label type sensitive masked value version }
  }
  whoCouldReveal(secretId: $id, at: $at, ticketId: $ticketId) {
    restricted members { memberId email grant confirmExpired }
  }
}`;

/** A grant as the API names it, in words; the name itself is shown beside. */
function explainGrant(grant) {
  const [kind, ...rest] = grant.split(':');
  const detail = rest.join(':');
  switch (kind) {
    case 'permission': return `the ${detail} permission`;
    case 'assignment': return 'being assigned to the secret';
    case 'rule': return `access rule ${detail}`;
    case 'access-request': return `approved access request ${detail}`;
    case 'break-glass': return `break-glass access ${detail}`;
    case 'ticket': return `the ticket ${detail}`;
    default: return grant;
  }
}

/**
 * The point-in-time view (owners only, as the API decides): a secret as it was at a moment, rebuilt from its
 * events with its sensitive values masked (nothing here reveals), and who could have revealed it then, and why,
 * optionally on a ticket.
 */
export async function auditorPage(main) {
  try {
    await gql(PROBE);
  } catch (e) {
    forbiddenMessage(main, 'Point in time', e);
    return;
  }
  let generation = 0;
  const picker = secretPicker({id: 'auditor-secret', label: 'Secret', onPick: secret => {
    if (secret) fieldError(picker.input, null);
  }});
  const at = h('input', {id: 'auditor-at', type: 'datetime-local', step: 1, required: true,
    'aria-describedby': 'auditor-at-help'});
  const ticket = h('input', {id: 'auditor-ticket', autocomplete: 'off', 'aria-describedby': 'auditor-ticket-help'});
  const formError = h('p', {class: 'error', role: 'alert', id: 'auditor-error', hidden: true});
  const result = h('div', {id: 'point-in-time', 'aria-live': 'polite'});
  const show = h('button', {type: 'submit', class: 'primary', id: 'auditor-show'}, 'Show');

  let exactAt = null;       // the instant an audit entry gave, to the millisecond the input cannot hold

  async function lookUp() {
    formError.hidden = true;
    fieldError(at, null);
    fieldError(picker.input, null);
    fieldError(ticket, null);
    let iso = null;
    try {
      iso = exactAt && at.value === isoToLocal(exactAt) ? new Date(exactAt).toISOString() : localToIso(at.value);
    } catch (e) { /* reported below */ }
    let invalid = false;
    if (!picker.selected) { fieldError(picker.input, 'Choose a secret from the matches.'); invalid = true; }
    if (!iso) { fieldError(at, 'Enter the date and time to look at.'); invalid = true; }
    if (invalid) { (picker.selected ? at : picker.input).focus(); return; }
    const mine = ++generation;
    const ticketId = ticket.value.trim() || null;
    show.disabled = true;
    main.setAttribute('aria-busy', 'true');
    try {
      const data = await gql(AS_OF, {id: picker.selected.id, at: iso, ticketId});
      if (mine !== generation) return;
      if (!data.secretAsOf) {
        replace(result, h('p', {class: 'error', role: 'alert'}, 'You may not see this secret now.'));
        return;
      }
      render(data.secretAsOf, data.whoCouldReveal, iso, ticketId);
      // The address says what is shown (ids and the time only), so that it can be opened again.
      const parameters = new URLSearchParams({secretId: picker.selected.id, at: iso});
      if (ticketId) parameters.set('ticketId', ticketId);
      history.replaceState(null, '', '/auditor?' + parameters);
      announce(`${data.secretAsOf.name} as of ${formatInstant(iso)}: ${data.whoCouldReveal.members.length} could `
          + 'reveal it.');
    } catch (e) {
      if (mine !== generation) return;
      replace(result);
      if (e instanceof ApiError && e.code === 'FORBIDDEN') { forbiddenMessage(main, 'Point in time', e); return; }
      if (e instanceof ApiError && e.field === 'at') fieldError(at, e.message);
      else if (e instanceof ApiError && e.field === 'ticketId') fieldError(ticket, e.message);
      else if (e instanceof ApiError && e.field === 'secretId') fieldError(picker.input, e.message);
      else { formError.textContent = e.message; formError.hidden = false; }
    } finally {
      show.disabled = false;
      main.removeAttribute('aria-busy');
    }
  }

  function render(secret, revealers, iso, ticketId) {
    replace(result,
        h('section', {class: 'card as-of', id: 'as-of', 'aria-labelledby': 'as-of-title'},
            h('h2', {id: 'as-of-title'}, secret.name, ' as of ', h('time', {datetime: iso}, formatInstant(iso))),
            h('p', {class: 'help'}, 'Rebuilt from the secret\'s own events. Sensitive values stay masked: nothing on '
                + 'this page reveals.'),
            secret.description ? h('p', {class: 'description'}, secret.description) : null,
            h('ul', {class: 'facts'},
                h('li', {}, 'Visibility: ', secret.visibility.toLowerCase()),
                h('li', {}, secret.active ? 'Active' : 'Inactive'),
                secret.deleted ? h('li', {}, h('span', {class: 'badge bad'}, 'deleted')) : null,
                h('li', {}, 'Expires: ', secret.expiresAt ? formatTime(secret.expiresAt) : 'never',
                    secret.expired ? h('span', {class: 'badge warn'}, 'expired') : null),
                h('li', {}, `Version ${secret.version}`),
                h('li', {}, `Revealed ${secret.revealCount} times by then`),
                h('li', {}, 'Last changed ', formatTime(secret.updatedAt),
                    secret.updatedBy ? ` by ${secret.updatedBy}` : '')),
            h('dl', {class: 'fields'}, secret.fields.map(field => h('div', {class: 'field', 'data-field': field.key},
                h('dt', {}, field.label, field.sensitive ? h('span', {class: 'badge'}, 'sensitive') : null),
                h('dd', {}, fieldValue(field), h('span', {class: 'version'}, `v${field.version}`)))))),
        h('section', {class: 'card', id: 'revealers', 'aria-labelledby': 'revealers-title'},
            h('h2', {id: 'revealers-title'}, 'Who could reveal it then', ticketId ? ` on ticket ${ticketId}` : ''),
            revealers.restricted
                ? h('p', {}, 'Nobody: the secret is restricted, used by integrations only.')
                : revealers.members.length
                    ? h('table', {class: 'list'},
                        h('caption', {class: 'visually-hidden'}, 'Members who could have revealed the secret'),
                        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Member'), h('th', {scope: 'col'}, 'Why'),
                            h('th', {scope: 'col'}, 'Note'))),
                        h('tbody', {}, revealers.members.map(member => h('tr', {'data-member': member.memberId},
                            h('th', {scope: 'row'}, member.email ?? member.memberId),
                            h('td', {}, 'Through ', explainGrant(member.grant), ' ', h('code', {}, member.grant)),
                            h('td', {}, member.confirmExpired
                                ? 'The secret had expired: only with the confirmation an expired reveal asks for.'
                                : '–')))))
                    : h('p', {}, 'Nobody could have revealed it then.'),
            h('p', {class: 'help'}, 'Where the workspace asked for an e-mailed code, it came on top of these grants.')));
  }

  function fieldValue(field) {
    if (field.sensitive) {
      return h('span', {class: 'value masked', 'aria-label': `${field.label}, masked`},
          field.masked ? '••••••••' : 'No value');
    }
    if (field.type === 'FILE') return h('span', {class: 'value'}, field.value ? 'A file' : 'No file');
    return h('span', {class: field.type === 'MESSAGE' ? 'value message' : 'value'}, field.value ?? '');
  }

  replace(main,
      h('h1', {}, 'Point in time'),
      h('p', {class: 'help'}, 'A secret as it was at a moment, and who could have revealed it then and why, rebuilt '
          + 'from the recorded events.'),
      h('form', {class: 'filters auditor-form', id: 'auditor-form', 'aria-label': 'Secret and moment',
        onsubmit: event => { event.preventDefault(); lookUp(); }},
        picker.element,
        h('div', {}, h('label', {for: 'auditor-at'}, 'At'), at,
            h('p', {class: 'help', id: 'auditor-at-help'}, 'In your local time.')),
        h('div', {}, h('label', {for: 'auditor-ticket'}, 'On ticket (optional)'), ticket,
            h('p', {class: 'help', id: 'auditor-ticket-help'}, 'A ticket id: who could have revealed it working on it.')),
        h('div', {}, show)),
      formError,
      result);
  // Opened from an audit entry (or an address this view wrote): the secret, the moment and the ticket are given.
  const asked = new URLSearchParams(location.search);
  if (asked.get('secretId')) {
    let secret = null;
    try {
      secret = (await gql(NAME, {id: asked.get('secretId')})).secret;
    } catch (e) { /* chosen by hand then */ }
    if (secret) picker.choose(secret);
    exactAt = asked.get('at');
    at.value = isoToLocal(exactAt ?? '');
    ticket.value = asked.get('ticketId') ?? '';
    if (secret && at.value) lookUp();
    at.focus();
  } else {
    picker.input.focus();
  }
  return () => { generation++; picker.stop(); };
}
