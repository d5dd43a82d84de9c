import {h, replace, announce, dialog} from './dom.js';
import {gql} from './api.js';
import {control, formError, showErrors} from './workspace.js';
import {DEPARTURE, departureList} from './members.js';

// Service accounts are the identities of integrations. A new API token is in the page once, in one element, until
// the person closes it or leaves the page; it is never stored, and only its id is listed afterwards.

const ACCOUNTS = `query ServiceAccounts {
  workspace { id name serviceAccounts { id name scopes activeTokenIds } }
  integrations { id name method url referencedSecrets }
}`;
const CREATE = `mutation CreateServiceAccount($input: CreateServiceAccountInput!) {
  createServiceAccount(input: $input) { serviceAccount { id name scopes activeTokenIds } } }`;
const ISSUE = `mutation IssueToken($id: ID!) {
  issueServiceAccountToken(input: {serviceAccountId: $id}) { serviceAccountId tokenId token } }`;
const REVOKE = `mutation RevokeToken($id: ID!, $tokenId: ID!) {
  revokeServiceAccountToken(input: {serviceAccountId: $id, tokenId: $tokenId}) { tokenId } }`;

const SCOPES = [
  ['TICKETS', 'Tickets', 'Register and update tickets, their contacts and the members who can access them.'],
  ['USE_SECRETS', 'Use secrets', 'Make outbound calls carrying the workspace\'s secrets without seeing them.'],
];
const scopeName = scope => SCOPES.find(([s]) => s === scope)?.[1] ?? scope;
const shortId = id => id.slice(0, 8);

export async function serviceAccountsPage(main) {
  let data;
  try {
    data = await gql(ACCOUNTS);
  } catch (e) {
    replace(main, h('h1', {}, 'Service accounts'), h('p', {class: 'error', role: 'alert'}, e.message));
    return;
  }
  const accounts = data.workspace.serviceAccounts;
  const body = h('tbody');
  const once = h('div', {id: 'new-token'});
  let dropToken = () => {};

  /** Shows a token this once; replaces any token shown before. */
  function showToken(account, issued, note) {
    dropToken();
    const value = h('code', {class: 'token-value', id: 'token-value'}, issued.token);
    const copy = h('button', {type: 'button', class: 'copy', onclick: async () => {
      try {
        await navigator.clipboard.writeText(value.textContent);
        announce('The token is copied to the clipboard.');
      } catch (e) {
        announce('The browser did not allow the clipboard: select the token and copy it.');
      }
    }}, 'Copy token');
    const done = h('button', {type: 'button', class: 'primary done', onclick: () => {
      dropToken();
      announce('The token is no longer shown.');
      body.querySelector(`tr[data-account="${CSS.escape(account.id)}"] button`)?.focus();
    }}, 'I have stored it');
    const panel = h('section', {class: 'card once', role: 'region', 'aria-labelledby': 'new-token-title'},
        h('h2', {id: 'new-token-title'}, `New API token of ${account.name}`),
        note ? h('p', {}, note) : null,
        h('p', {class: 'once-warning', id: 'new-token-warning'}, 'Copy it now: you will not see this again. '
            + 'SecretLedger keeps only its SHA-256. The integration sends it as Authorization: Bearer <token>.'),
        h('p', {class: 'token-line'}, value),
        h('div', {class: 'actions'}, copy, done));
    replace(once, panel);
    dropToken = () => {
      value.textContent = '';
      replace(once);
      dropToken = () => {};
    };
    copy.focus();
  }

  function render() {
    replace(body, accounts.length ? accounts.map(account => h('tr', {'data-account': account.id,
      'data-name': account.name},
        h('th', {scope: 'row'}, account.name),
        h('td', {}, account.scopes.length ? account.scopes.map(scopeName).join(', ') : 'None'),
        h('td', {}, account.activeTokenIds.length
            ? h('ul', {class: 'tokens'}, account.activeTokenIds.map(tokenId => h('li', {'data-token': tokenId},
                h('code', {title: tokenId}, shortId(tokenId)), ' ',
                h('button', {type: 'button', class: 'revoke', 'aria-label': `Revoke token ${shortId(tokenId)} of ${
                  account.name}`, onclick: event => revoke(account, [tokenId], event.currentTarget)}, 'Revoke'))))
            : h('span', {class: 'badge'}, 'no active token')),
        h('td', {}, h('div', {class: 'row-actions'},
            h('button', {type: 'button', class: 'issue', onclick: event => issue(account, event.currentTarget)},
                account.activeTokenIds.length ? 'Issue another token' : 'Issue a token'),
            account.activeTokenIds.length ? h('button', {type: 'button', class: 'rotate',
              onclick: event => rotate(account, event.currentTarget)}, 'Rotate') : null,
            h('button', {type: 'button', class: 'used', onclick: event => used(account, event.currentTarget)},
                'What it used'),
            account.activeTokenIds.length > 1 ? h('button', {type: 'button', class: 'revoke-all',
              onclick: event => revoke(account, [...account.activeTokenIds], event.currentTarget)}, 'Revoke all')
                : null))))
        : h('tr', {}, h('td', {colspan: 4}, 'No service accounts yet.')));
  }

  async function issue(account, button) {
    if (button) button.disabled = true;
    try {
      const issued = (await gql(ISSUE, {id: account.id})).issueServiceAccountToken;
      account.activeTokenIds = [...account.activeTokenIds, issued.tokenId];
      render();
      showToken(account, issued);
      announce(`A new token of ${account.name} is shown once.`);
    } catch (e) {
      if (button) button.disabled = false;
      dropToken();
      replace(once, h('p', {class: 'error', role: 'alert'}, `No token was issued for ${account.name}: ${e.message}`));
    }
  }

  async function rotate(account, button) {
    const old = [...account.activeTokenIds];
    const issued = await dialog(`Rotate the token of ${account.name}?`, [
      h('p', {}, `A new token is issued and shown once; the ${old.length === 1 ? 'current token stops'
          : old.length + ' current tokens stop'} working at once. Put the new one into the integration straight away.`)],
    {submitLabel: 'Rotate', danger: true, submit: async () => {
      const fresh = (await gql(ISSUE, {id: account.id})).issueServiceAccountToken;
      account.activeTokenIds = [...account.activeTokenIds, fresh.tokenId];
      // The new token is issued: whatever happens to the revocations, it must reach the person now.
      let failure = null;
      for (const tokenId of old) {
        try {
          await gql(REVOKE, {id: account.id, tokenId});
          account.activeTokenIds = account.activeTokenIds.filter(id => id !== tokenId);
        } catch (e) {
          failure = e;
        }
      }
      return {fresh, failure};
    }});
    render();
    if (!issued) { button.focus(); return; }
    showToken(account, issued.fresh, issued.failure
        ? `An older token could not be revoked (${issued.failure.message}); revoke it in the list.`
        : 'The previous token is revoked.');
    announce(`The token of ${account.name} is rotated; the new one is shown once.`);
  }

  /** The departure report of the account: the values it had placed into calls that are still in use. */
  async function used(account, button) {
    const report = h('div', {class: 'departure', 'aria-live': 'polite'}, h('p', {}, 'Looking up what it used…'));
    gql(DEPARTURE, {id: account.id}).then(data => replace(report, departureList(data.departureReport, {links: false})),
        e => replace(report, h('p', {class: 'error', role: 'alert'}, e.message)));
    await dialog(`What ${account.name} used`, [
      h('p', {class: 'help'}, 'Secret values it had placed into outbound calls. Rotate those still in use when a '
          + 'token of it may have leaked. Reading this is recorded in the audit log.'), report], {submitLabel: 'Close'});
    button.focus();
  }

  async function revoke(account, tokenIds, button) {
    const one = tokenIds.length === 1;
    const revoked = await dialog(one ? `Revoke token ${shortId(tokenIds[0])} of ${account.name}?`
        : `Revoke all ${tokenIds.length} tokens of ${account.name}?`, [
      h('p', {}, 'The next request with ' + (one ? 'it' : 'any of them') + ' is refused. This cannot be undone; '
          + 'the integration needs a new token to work again.')], {
      submitLabel: one ? 'Revoke token' : 'Revoke all', danger: true, submit: async () => {
        for (const tokenId of tokenIds) {
          await gql(REVOKE, {id: account.id, tokenId});
          account.activeTokenIds = account.activeTokenIds.filter(id => id !== tokenId);
        }
        return true;
      }});
    render();
    if (!revoked) { (button.isConnected ? button : body.querySelector('button'))?.focus(); return; }
    announce(one ? `Token ${shortId(tokenIds[0])} of ${account.name} is revoked.`
        : `Every token of ${account.name} is revoked.`);
    body.querySelector(`tr[data-account="${CSS.escape(account.id)}"] button.issue`)?.focus();
  }

  render();
  replace(main,
      h('h1', {}, 'Service accounts'),
      h('p', {class: 'help'}, 'Integrations (your helpdesk, CI, scripts) work with API tokens of a service account, '
          + 'never with a person\'s sign-in.'),
      createForm(async account => {
        accounts.push(account);
        render();
        await issue(account, body.querySelector(`tr[data-account="${CSS.escape(account.id)}"] button.issue`));
      }),
      once,
      h('section', {'aria-labelledby': 'accounts-title'}, h('h2', {id: 'accounts-title'}, 'Service accounts'),
          h('table', {class: 'list', id: 'service-accounts'},
              h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col'}, 'Scopes'),
                  h('th', {scope: 'col'}, 'Active tokens'),
                  h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
              body)),
      integrationsSection(data.integrations));
  return () => dropToken();
}

function createForm(created) {
  const name = control('account-name', 'Name', h('input', {type: 'text', name: 'name', autocomplete: 'off',
    maxlength: 200, placeholder: 'helpdesk-sync'}), 'What the integration is, as the audit log will name it.');
  const scopes = SCOPES.map(([value, label, help]) => control('account-scope-' + value.toLowerCase(), label,
      h('input', {type: 'checkbox', name: 'scopes', value}), help));
  const general = formError();
  const save = h('button', {type: 'submit', class: 'primary'}, 'Create and issue a token');
  return h('form', {class: 'card admin-form', id: 'create-account', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    general.clear();
    name.clear();
    save.disabled = true;
    try {
      const account = (await gql(CREATE, {input: {name: name.input.value,
        scopes: scopes.filter(s => s.input.checked).map(s => s.input.value)}})).createServiceAccount.serviceAccount;
      name.input.value = '';
      scopes.forEach(s => { s.input.checked = false; });
      await created(account);
    } catch (e) {
      showErrors(e, {name, scopes: scopes[0]}, general);
    } finally {
      save.disabled = false;
    }
  }},
  h('h2', {}, 'New service account'), name.wrap,
  h('fieldset', {}, h('legend', {}, 'Scopes'), scopes.map(s => s.wrap)),
  general.element, h('div', {class: 'actions'}, save));
}

function integrationsSection(integrations) {
  return h('section', {'aria-labelledby': 'integrations-title'},
      h('h2', {id: 'integrations-title'}, 'Integration configurations'),
      h('p', {class: 'help'}, 'What service accounts with the Use secrets scope may call by name: references to '
          + 'secrets, never their values.'),
      integrations.length ? h('table', {class: 'list', id: 'integrations'},
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col'}, 'Request'),
              h('th', {scope: 'col'}, 'Secrets it refers to'))),
          h('tbody', {}, integrations.map(integration => h('tr', {},
              h('th', {scope: 'row'}, integration.name),
              h('td', {}, h('code', {}, `${integration.method} ${integration.url}`)),
              h('td', {}, integration.referencedSecrets.join(', '))))))
          : h('p', {}, 'No integration configurations.'));
}
