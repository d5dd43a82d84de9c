import {h, replace, announce, dialog} from './dom.js';
import {gql, ApiError} from './api.js';

// The workspace's controls (seed 000's Team Settings and the later ones), its reminder lead times and the egress
// allowlist. The API is the judge of every value: the forms send what was typed and put each refusal next to the
// input its `extensions.field` names. Its form helpers (control, formError, showErrors) serve the other owner pages.

const WORKSPACE = `query WorkspaceControls {
  workspace { id name
    settings { clientSecretsEnabled restrictToAssignedUsers requireEmailVerification requireRevealReason
               requireRevealTicket requireOwnOpenTicket maxAccessRequestHours maxShareLinkHours }
    egressAllowlist { scheme host port privateAddresses } }
  reminderSettings { leadDays workspaceDefault }
}`;
const CHANGE_SETTINGS = `mutation ChangeSettings($input: ChangeWorkspaceSettingsInput!) {
  changeWorkspaceSettings(input: $input) { workspace { settings { clientSecretsEnabled restrictToAssignedUsers
    requireEmailVerification requireRevealReason requireRevealTicket requireOwnOpenTicket maxAccessRequestHours
    maxShareLinkHours } } } }`;
const SET_REMINDERS = `mutation SetReminders($leadDays: [Int!]!) {
  setReminderDefaults(input: {leadDays: $leadDays}) { leadDays workspaceDefault } }`;
const CHANGE_EGRESS = `mutation ChangeEgress($rules: [EgressRuleInput!]!) {
  changeEgressAllowlist(input: {rules: $rules}) { workspace { egressAllowlist { scheme host port privateAddresses } } } }`;

const SWITCHES = [
  ['clientSecretsEnabled', 'Enable Client Secrets', 'Turns the feature on for the workspace.'],
  ['restrictToAssignedUsers', 'Restrict Client Secrets to assigned users',
    'Members without an all-secrets permission reach only secrets assigned to them or matched by a rule.'],
  ['requireEmailVerification', 'Require an e-mailed code before reveals',
    'A member confirms a code sent to their address; it unlocks reveals for 10 minutes.'],
  ['requireRevealReason', 'Ask for a reason with every reveal', 'The reason is recorded in the audit log.'],
  ['requireRevealTicket', 'Ask for the ticket with every reveal', 'The member names the ticket they work on.'],
  ['requireOwnOpenTicket', 'The ticket must be open and list the member',
    'A reveal on somebody else\'s or a closed ticket is refused and recorded.'],
];
const LIMITS = [
  ['maxAccessRequestHours', 'Longest access a member may request (hours)', '1 to 8760 (a year).'],
  ['maxShareLinkHours', 'Longest a share link or credential request lives (hours)', '1 to 720 (a month).'],
];

/**
 * A labelled input with its help and its error line. `fail(message)` marks it invalid (aria-invalid, and the
 * message named by aria-describedby); `clear()` undoes that.
 */
export function control(id, labelText, input, help) {
  input.id = id;
  const helpId = help ? id + '-help' : null;
  const errorId = id + '-error';
  const error = h('p', {class: 'error field-error', id: errorId, role: 'alert', hidden: true});
  const describe = () => {
    const ids = [helpId, error.hidden ? null : errorId].filter(Boolean).join(' ');
    if (ids) input.setAttribute('aria-describedby', ids); else input.removeAttribute('aria-describedby');
  };
  describe();
  const label = h('label', {for: id}, labelText);
  const check = input.type === 'checkbox';
  const wrap = h('div', {class: check ? 'control check' : 'control'}, check ? [input, label] : [label, input],
      help ? h('p', {class: 'help', id: helpId}, help) : null, error);
  return {
    wrap, input,
    fail(message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      describe();
    },
    clear() {
      error.textContent = '';
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      describe();
    },
  };
}

/** The form-wide error line, for refusals that name no input of the form. */
export function formError() {
  const element = h('p', {class: 'error', role: 'alert', hidden: true});
  return {
    element,
    show(message) { element.textContent = message; element.hidden = false; },
    clear() { element.textContent = ''; element.hidden = true; },
  };
}

/**
 * Puts each error of an answer next to the control its field names (`fields` maps API field names to controls),
 * the rest in the form's error line; focuses the first input in error. Returns whether any error was placed.
 */
export function showErrors(error, fields, general) {
  const errors = error instanceof ApiError ? error.errors : [{message: error.message}];
  let first = null;
  for (const e of errors) {
    const target = fields[e.extensions?.field];
    if (target) {
      target.fail(e.message);
      first ??= target.input;
    } else {
      general.show(e.message);
    }
  }
  // Each message is in a role=alert element already; announcing it again would make screen readers say it twice.
  first?.focus();
}

export async function workspacePage(main) {
  let data;
  try {
    data = await gql(WORKSPACE);
  } catch (e) {
    replace(main, h('h1', {}, 'Workspace'), h('p', {class: 'error', role: 'alert'}, e.message));
    return;
  }
  const workspace = data.workspace;
  replace(main,
      h('h1', {}, 'Workspace'),
      h('p', {class: 'help'}, `The controls of ${workspace.name}. Each change is recorded in the audit log.`),
      settingsForm(workspace.settings),
      remindersForm(data.reminderSettings),
      egressSection(workspace.egressAllowlist));
}

function settingsForm(settings) {
  const switches = SWITCHES.map(([key, label, help]) =>
      [key, control('setting-' + kebab(key), label, h('input', {type: 'checkbox', name: key,
        checked: settings[key]}), help)]);
  const limits = LIMITS.map(([key, label, help]) =>
      [key, control('setting-' + kebab(key), label, h('input', {type: 'number', name: key, inputmode: 'numeric',
        step: 1, value: settings[key]}), help)]);
  const fields = Object.fromEntries([...switches, ...limits]);
  const general = formError();
  const save = h('button', {type: 'submit', class: 'primary'}, 'Save controls');
  const form = h('form', {class: 'card admin-form', id: 'settings-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    general.clear();
    Object.values(fields).forEach(c => c.clear());
    const input = {};
    for (const [key, c] of switches) input[key] = c.input.checked;
    let local = false;
    for (const [key, c] of limits) {
      const text = c.input.value.trim();
      if (!/^-?\d{1,9}$/.test(text)) {
        c.fail('A whole number of hours.');
        if (!local) c.input.focus();
        local = true;
      } else {
        input[key] = Number(text);
      }
    }
    if (local) return;
    save.disabled = true;
    try {
      const saved = (await gql(CHANGE_SETTINGS, {input})).changeWorkspaceSettings.workspace.settings;
      for (const [key, c] of switches) c.input.checked = saved[key];
      for (const [key, c] of limits) c.input.value = saved[key];
      announce('The workspace controls are saved.');
    } catch (e) {
      showErrors(e, fields, general);
    } finally {
      save.disabled = false;
    }
  }},
  h('h2', {}, 'Controls'),
  h('fieldset', {}, h('legend', {}, 'Client Secrets'), switches.slice(0, 2).map(([, c]) => c.wrap)),
  h('fieldset', {}, h('legend', {}, 'Before a reveal'), switches.slice(2).map(([, c]) => c.wrap)),
  h('fieldset', {}, h('legend', {}, 'Limits'), limits.map(([, c]) => c.wrap)),
  general.element,
  h('div', {class: 'actions'}, save));
  return form;
}

function remindersForm(reminders) {
  const days = control('reminder-lead-days', 'Remind before expiry (days, comma-separated)',
      h('input', {type: 'text', name: 'leadDays', inputmode: 'numeric', autocomplete: 'off',
        value: reminders.leadDays.join(', ')}),
      'For example 30, 7, 1, 0 (0 is on the day; at most 10). Empty: no reminders. Members get one digest mail.');
  const general = formError();
  const save = h('button', {type: 'submit', class: 'primary'}, 'Save reminders');
  return h('form', {class: 'card admin-form', id: 'reminders-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    general.clear();
    days.clear();
    const parts = days.input.value.split(/[\s,;]+/).filter(Boolean);
    if (parts.some(part => !/^-?\d{1,6}$/.test(part))) {
      days.fail('Whole numbers of days, separated by commas.');
      days.input.focus();
      return;
    }
    save.disabled = true;
    try {
      const saved = (await gql(SET_REMINDERS, {leadDays: parts.map(Number)})).setReminderDefaults;
      days.input.value = saved.leadDays.join(', ');
      announce(saved.leadDays.length ? `Reminders ${saved.leadDays.join(', ')} days before expiry.`
          : 'Expiry reminders are off.');
    } catch (e) {
      showErrors(e, {leadDays: days}, general);
    } finally {
      save.disabled = false;
    }
  }},
  h('h2', {}, 'Expiry reminders'), days.wrap, general.element, h('div', {class: 'actions'}, save));
}

function egressSection(initial) {
  let rules = initial.map(rule => ({...rule}));
  const body = h('tbody');
  const scheme = control('egress-scheme', 'Scheme', h('select', {name: 'scheme'},
      h('option', {value: 'https'}, 'https'), h('option', {value: 'http'}, 'http')));
  const host = control('egress-host', 'Host', h('input', {type: 'text', name: 'host', autocomplete: 'off',
    spellcheck: 'false', placeholder: 'api.payments.example'}), 'A host name or IP address, matched exactly.');
  const port = control('egress-port', 'Port', h('input', {type: 'number', name: 'port', inputmode: 'numeric',
    value: 443}));
  const privateAddresses = control('egress-private', 'It may resolve to a private address',
      h('input', {type: 'checkbox', name: 'privateAddresses'}),
      'Only for destinations inside your network; otherwise such an address is refused.');
  const general = formError();
  const add = h('button', {type: 'submit', class: 'primary'}, 'Add destination');

  const describe = rule => `${rule.scheme}://${rule.host}:${rule.port}`;
  const render = () => replace(body, rules.length ? rules.map(rule => h('tr', {'data-host': rule.host},
      h('td', {}, rule.scheme), h('th', {scope: 'row'}, rule.host), h('td', {}, String(rule.port)),
      h('td', {}, rule.privateAddresses ? 'allowed' : 'refused'),
      h('td', {}, h('button', {type: 'button', class: 'remove', 'aria-label': `Remove ${describe(rule)}`,
        onclick: event => remove(rule, event.currentTarget)}, 'Remove'))))
      : h('tr', {}, h('td', {colspan: 5}, 'No destinations: integrations may call nowhere with the workspace\'s '
          + 'secrets.')));

  const send = next => gql(CHANGE_EGRESS, {rules: next.map(({scheme, host, port, privateAddresses}) =>
    ({scheme, host, port, privateAddresses}))}).then(d => d.changeEgressAllowlist.workspace.egressAllowlist);

  async function remove(rule, button) {
    const confirmed = await dialog(`Remove ${describe(rule)}?`, [h('p', {}, 'Integrations can no longer call this '
        + 'destination with the workspace\'s secrets, from their next call on.')], {
      submitLabel: 'Remove', danger: true,
      submit: async () => send(rules.filter(r => r !== rule))});
    if (!confirmed) { button.focus(); return; }
    rules = confirmed;
    render();
    announce(`${describe(rule)} removed from the allowlist.`);
    host.input.focus();
  }

  const form = h('form', {class: 'egress-add', id: 'egress-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    general.clear();
    [scheme, host, port].forEach(c => c.clear());
    const portText = port.input.value.trim();
    if (!/^\d{1,9}$/.test(portText)) {
      port.fail('A port from 1 to 65535.');
      port.input.focus();
      return;
    }
    const rule = {scheme: scheme.input.value, host: host.input.value.trim(), port: Number(portText),
      privateAddresses: privateAddresses.input.checked};
    const at = `rules[${rules.length}].`;
    add.disabled = true;
    try {
      rules = await send([...rules, rule]);
      render();
      host.input.value = '';
      privateAddresses.input.checked = false;
      announce(`${describe(rules[rules.length - 1] ?? rule)} added to the allowlist.`);
      host.input.focus();
    } catch (e) {
      showErrors(e, {[at + 'scheme']: scheme, [at + 'host']: host, [at + 'port']: port}, general);
    } finally {
      add.disabled = false;
    }
  }}, scheme.wrap, host.wrap, port.wrap, privateAddresses.wrap, h('div', {class: 'actions'}, add));
  render();
  return h('section', {class: 'card', 'aria-labelledby': 'egress-title'},
      h('h2', {id: 'egress-title'}, 'Egress allowlist'),
      h('p', {class: 'help'}, 'Where integrations may call with the workspace\'s secrets (callWithSecret, saved '
          + 'integrations, webhooks): scheme, host and port, matched exactly.'),
      h('table', {class: 'list', id: 'egress'},
          h('caption', {class: 'visually-hidden'}, 'Allowed destinations'),
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Scheme'), h('th', {scope: 'col'}, 'Host'),
              h('th', {scope: 'col'}, 'Port'), h('th', {scope: 'col'}, 'Private addresses'),
              h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
          body),
      h('h3', {}, 'Add a destination'), form, general.element);
}

function kebab(name) {
  return name.replace(/[A-Z]/g, letter => '-' + letter.toLowerCase());
}
