import {h, replace, announce, dialog} from './dom.js';
import {gql, headers, ApiError} from './api.js';
import {navigate} from './app.js';

// The owner's side of a secret (seeds 000 and 002): the Add Secret and Edit dialogs, one input per field of the
// template suited to its type, and delete, restore and purge. Typed values live only in the dialog's inputs, which
// are dropped with it; nothing is stored, logged or put in an address.

const TEMPLATE_FIELDS = 'fields { key label type required sensitive options }';
const TEMPLATES = `query Templates { templates(first: 100) { edges { node { id name description ${TEMPLATE_FIELDS} } } } }`;
const EDITABLE = `query Editable($id: ID!) { secret(id: $id) {
  id name description visibility expiresAt version deleted
  fields { key label type sensitive masked value }
  template { id name ${TEMPLATE_FIELDS} } } }`;
const CREATE = `mutation Create($input: CreateSecretInput!) { createSecret(input: $input) { secret { id name version } } }`;
const UPDATE = `mutation Update($input: UpdateSecretInput!) { updateSecret(input: $input) { secret { id version } } }`;
const EXPIRY = `mutation Expiry($input: SetSecretExpirationInput!) {
  setSecretExpiration(input: $input) { secret { id version } } }`;
const DELETE = `mutation Delete($input: DeleteSecretInput!) { deleteSecret(input: $input) { secret { id deleted } } }`;
const RESTORE = `mutation Restore($id: ID!) { restoreSecret(input: {secretId: $id}) { secret { id deleted } } }`;
const PURGE = `mutation Purge($id: ID!, $name: String!) { purgeSecret(input: {secretId: $id, confirmName: $name}) {
  secretId } }`;

let sequence = 0;
const uid = prefix => `${prefix}-${++sequence}`;

/**
 * Errors the API names a field of (`extensions.field`, such as `values.token`, `name`, `fields[1].key`) are shown
 * next to that input, marked aria-invalid and described by their message; the rest go to the general error on top.
 */
export class FieldErrors {
  /** With `bySuffix`, `field.key` or `fields[0].key` also find the input registered as `key`. */
  constructor(general, {bySuffix = false} = {}) {
    this.general = general;
    this.entries = new Map();
    this.bySuffix = bySuffix;
  }

  /** The message element for `path`, to be placed beside `input`. */
  register(path, input) {
    return this.attach(path, input, h('p', {class: 'error field-error', id: uid('error'), role: 'alert', hidden: true}));
  }

  /** Binds `path` to an input and its message element that already exist (rows that move keep theirs). */
  attach(path, input, message) {
    this.entries.set(path, {input, message, describedBy: this.entries.get(path)?.input === input
      ? this.entries.get(path).describedBy : input.getAttribute('aria-describedby')});
    return message;
  }

  forget(path) { this.entries.delete(path); }

  clear() {
    this.general.hidden = true;
    replace(this.general);
    for (const {input, message, describedBy} of this.entries.values()) {
      input.removeAttribute('aria-invalid');
      if (describedBy) input.setAttribute('aria-describedby', describedBy); else input.removeAttribute('aria-describedby');
      message.hidden = true;
      replace(message);
    }
  }

  /** Shows an error (an ApiError or any other); returns the first input in error, or null. */
  show(error) {
    this.clear();
    const general = [];
    let first = null;
    for (const e of error instanceof ApiError ? error.errors : [{message: error.message}]) {
      const entry = this.entryFor(e.extensions?.field);
      if (!entry) { general.push(e.message); continue; }
      const {input, message, describedBy} = entry;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [describedBy, message.id].filter(Boolean).join(' '));
      message.textContent = message.hidden ? e.message : `${message.textContent} ${e.message}`;
      message.hidden = false;
      first ??= input;
    }
    if (general.length) {
      replace(this.general, general.join(' '));
      this.general.hidden = false;
    }
    (first ?? this.general).focus?.();
    return first;
  }

  entryFor(field) {
    if (!field) return null;
    // `values.token.generate.length` belongs to the token's input when the options have none of their own.
    for (let path = field; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
      if (this.entries.has(path)) return this.entries.get(path);
    }
    return this.bySuffix ? this.entries.get(field.slice(field.lastIndexOf('.') + 1)) ?? null : null;
  }
}

/** The "New secret" flow: choose a template, fill the Add Secret dialog, then open the new secret's page. */
export async function newSecret() {
  let templates;
  try {
    templates = (await gql(TEMPLATES)).templates.edges.map(edge => edge.node);
  } catch (e) {
    announce(e.message);
    return;
  }
  if (!templates.length) {
    await dialog('No template yet', h('p', {}, 'A secret follows a template. ',
        h('a', {href: '/templates'}, 'Create a template'), ' first.'), {submitLabel: 'Close'});
    return;
  }
  let template = templates[0];
  if (templates.length > 1) {
    const select = h('select', {id: 'new-secret-template', name: 'template'},
        templates.map(t => h('option', {value: t.id}, t.name)));
    const chosen = await dialog('New secret', [h('label', {for: 'new-secret-template'}, 'Template'), select,
      h('p', {class: 'help'}, 'The template decides the secret\'s fields.')],
    {submitLabel: 'Next', submit: () => templates.find(t => t.id === select.value)});
    if (!chosen) return;
    template = chosen;
  }
  const saved = await secretEditor({template});
  if (saved) {
    navigate('/secrets/' + encodeURIComponent(saved.id));
    announce(`Secret ${saved.name} created.`);
  }
}

/** The Edit dialog of a secret, read afresh so that the version sent back is the one the person saw. */
export async function editSecret(id) {
  const secret = (await gql(EDITABLE, {id})).secret;
  if (!secret) throw new Error('This secret no longer exists.');
  const saved = await secretEditor({template: secret.template, secret});
  if (saved) {
    navigate(location.pathname, {replaceState: true});
    announce(`Secret ${secret.name} saved (version ${saved.version}).`);
  }
}

/**
 * The Add Secret / Edit dialog; resolves with the saved secret ({id, name, version}) or null when cancelled.
 * Editing: non-sensitive inputs hold the current values, sensitive ones start empty (empty = unchanged).
 */
function secretEditor({template, secret = null}) {
  return new Promise(resolve => {
    const editing = Boolean(secret);
    const titleId = uid('editor-title');
    const general = h('div', {class: 'error general', role: 'alert', tabindex: -1, hidden: true});
    const errors = new FieldErrors(general);
    const conflict = h('div', {class: 'conflict', role: 'alert', hidden: true});
    let version = secret?.version ?? null;

    const name = h('input', {id: uid('secret-name'), name: 'name', autocomplete: 'off', spellcheck: 'false',
      'aria-required': 'true', maxlength: 100, 'aria-describedby': uid('name-help'), value: secret?.name ?? '',
      readonly: editing});
    const nameHelp = h('p', {class: 'help', id: name.getAttribute('aria-describedby')}, editing
        ? 'Names never change.' : 'Unique, never changes: lower-case letters, digits, . _ - (such as payment-api-key).');
    const description = h('textarea', {id: uid('secret-description'), name: 'description', rows: 2, maxlength: 2000},
        secret?.description ?? '');
    const visibility = editing ? null : h('select', {id: uid('secret-visibility'), name: 'visibility',
      'aria-describedby': uid('visibility-help')},
    h('option', {value: 'MASKED'}, 'Masked: revealed on purpose'),
    h('option', {value: 'RESTRICTED'}, 'Restricted: used by integrations only, never shown'));
    const expiry = h('input', {id: uid('secret-expiry'), name: 'expiresAt', type: 'date',
      'aria-describedby': uid('expiry-help'), value: toDateInput(secret?.expiresAt), min: toDateInput(tomorrow())});

    const definitions = new Map((template?.fields ?? []).map(f => [f.key, f]));
    const layout = editing
        ? secret.fields.map(f => ({...definitions.get(f.key), ...f, required: definitions.get(f.key)?.required ?? false,
          options: definitions.get(f.key)?.options ?? []}))
        : template.fields;
    const inputs = layout.map(field => fieldInput(field, secret?.fields.find(f => f.key === field.key), editing, errors));

    const save = h('button', {type: 'submit', class: 'primary'}, editing ? 'Save changes' : 'Create secret');
    const cancel = h('button', {type: 'button', onclick: () => close(null)}, 'Cancel');
    const form = h('form', {novalidate: true, class: 'secret-editor'},
        h('h2', {id: titleId}, editing ? `Edit ${secret.name}` : `New secret from ${template.name}`),
        general, conflict,
        h('div', {class: 'input'}, h('label', {for: name.id}, 'Name'), name, nameHelp, errors.register('name', name)),
        h('div', {class: 'input'}, h('label', {for: description.id}, 'Description'), description,
            errors.register('description', description)),
        visibility ? h('div', {class: 'input'}, h('label', {for: visibility.id}, 'Visibility'), visibility,
            h('p', {class: 'help', id: visibility.getAttribute('aria-describedby')}, 'Fixed at creation.'),
            errors.register('visibility', visibility)) : null,
        h('div', {class: 'input'}, h('label', {for: expiry.id}, 'Expires on'), expiry,
            h('p', {class: 'help', id: expiry.getAttribute('aria-describedby')},
                'Optional: leave empty for a secret that never expires.'),
            errors.register('expiresAt', expiry)),
        h('fieldset', {class: 'values'}, h('legend', {}, 'Fields'), inputs.map(input => input.element)),
        h('div', {class: 'actions'}, cancel, save));
    const element = h('dialog', {class: 'editor', 'aria-labelledby': titleId}, form);

    let done = false;
    // Leaving the page (Back, another site, a closed tab) drops the dialog and everything typed into it.
    const leave = () => close(null);
    const close = result => {
      if (done) return;
      done = true;
      window.removeEventListener('popstate', leave);
      window.removeEventListener('pagehide', leave);
      element.close();
      element.remove();
      resolve(result);
    };
    window.addEventListener('popstate', leave);
    window.addEventListener('pagehide', leave);

    const showConflict = current => {
      replace(conflict,
          h('p', {}, h('strong', {}, 'Changed by someone else. '),
              `The secret is now at version ${current}; you opened version ${version}. Nothing was saved.`),
          h('p', {}, 'Reload to see the current values: what you typed stays in its input, then save again.'),
          h('button', {type: 'button', class: 'reload', onclick: reload}, 'Reload the secret'));
      conflict.hidden = false;
      save.disabled = true;
      conflict.querySelector('button').focus();
    };

    async function reload() {
      try {
        const current = (await gql(EDITABLE, {id: secret.id})).secret;
        if (!current || current.deleted) throw new Error('This secret was deleted meanwhile.');
        for (const input of inputs) input.reload(current.fields.find(f => f.key === input.key));
        if (description.value === (secret.description ?? '')) description.value = current.description ?? '';
        if (expiry.value === toDateInput(secret.expiresAt)) expiry.value = toDateInput(current.expiresAt);
        secret = current;
        version = current.version;
        conflict.hidden = true;
        replace(conflict);
        save.disabled = false;
        announce(`Reloaded at version ${version}. Check your changes and save again.`);
        save.focus();
      } catch (e) {
        errors.show(e);
      }
    }

    form.addEventListener('submit', async event => {
      event.preventDefault();
      if (save.disabled) return;
      errors.clear();
      save.disabled = true;
      let keepDisabled = false;
      try {
        const values = inputs.map(input => input.valueInput()).filter(Boolean);
        const expiresAt = fromDateInput(expiry);
        let saved;
        if (editing) {
          saved = {id: secret.id, name: secret.name, version};
          const newDescription = description.value === (secret.description ?? '') ? undefined : description.value;
          if (values.length || newDescription !== undefined) {
            saved = {...saved, ...(await gql(UPDATE, {input: {id: secret.id, expectedVersion: version,
              description: newDescription, values}})).updateSecret.secret};
            // Saved: should what follows fail, a second Save sends only what is still unsaved, at the new version.
            version = saved.version;
            secret = {...secret, version, description: description.value};
            for (const input of inputs) input.commit();
          }
          if (expiry.value !== toDateInput(secret.expiresAt)) {
            saved = {...saved, ...(await gql(EXPIRY, {input: {secretId: secret.id, expiresAt}})).setSecretExpiration.secret};
          }
        } else {
          saved = (await gql(CREATE, {input: {templateId: template.id, name: name.value.trim(),
            description: description.value, visibility: visibility.value, expiresAt, values}})).createSecret.secret;
        }
        await uploadFiles(saved.id, inputs, errors);
        close(saved);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
          close(null);
        } else if (e instanceof ApiError && e.code === 'CONFLICT' && e.extensions.currentVersion !== undefined) {
          showConflict(e.extensions.currentVersion);
          keepDisabled = true;
        } else {
          errors.show(e);
        }
      } finally {
        if (!keepDisabled) save.disabled = false;
      }
    });
    element.addEventListener('cancel', event => { event.preventDefault(); close(null); });
    document.body.append(element);
    element.showModal();
    (editing ? description : name).focus();
  });
}

/** One input per field, by type: text, textarea, select, a masked input with Show (and Generate), a file. */
function fieldInput(field, current, editing, errors) {
  const id = uid('value-' + field.key);
  const helpId = uid('help');
  const path = 'values.' + field.key;
  const help = [];
  const type = field.type;
  let control;
  let extra = [];
  let generator = null;
  if (type === 'CHOICE') {
    control = h('select', {id, name: field.key},
        h('option', {value: ''}, field.required ? 'Choose…' : '(none)'),
        field.options.map(option => h('option', {value: option}, option)));
    control.value = editing && !field.sensitive ? current?.value ?? '' : '';
  } else if (type === 'FILE') {
    control = h('input', {id, name: field.key, type: 'file'});
    help.push(editing ? (current?.value ? 'A file is attached; choose one to replace it.' : 'No file yet.')
        : 'Optional here: the file is uploaded once the secret is created.');
  } else if (type === 'MESSAGE') {
    control = h('textarea', {id, name: field.key, rows: 4, spellcheck: field.sensitive ? 'false' : undefined,
      class: field.sensitive ? 'concealed' : undefined}, editing && !field.sensitive ? current?.value ?? '' : '');
  } else {
    control = h('input', {id, name: field.key, type: field.sensitive ? 'password' : 'text', spellcheck: 'false',
      autocomplete: field.sensitive ? 'new-password' : 'off',
      value: editing && !field.sensitive ? current?.value ?? '' : ''});
  }
  if (type === 'TOTP') help.push('The base32 seed or otpauth://totp/ address the service showed when setting up two-factor.');
  if (field.sensitive && type !== 'FILE' && type !== 'CHOICE') {
    const show = h('button', {type: 'button', class: 'show', 'aria-pressed': 'false', 'aria-controls': id,
      'aria-label': `Show ${field.label} as typed`}, 'Show');
    show.addEventListener('click', () => {
      const shown = show.getAttribute('aria-pressed') !== 'true';
      show.setAttribute('aria-pressed', String(shown));
      show.textContent = shown ? 'Hide' : 'Show';
      show.setAttribute('aria-label', `${shown ? 'Hide' : 'Show'} ${field.label}`);
      if (control.tagName === 'INPUT') control.type = shown ? 'text' : 'password';
      else control.classList.toggle('concealed', !shown);
    });
    extra.push(show);
  }
  if (field.sensitive && type === 'TEXT') {
    generator = generatorControls(field, control, errors, path);
    extra.push(generator.button);
  }
  if (editing && field.sensitive && type !== 'FILE') help.push(current?.masked
      ? 'Leave empty to keep the current value.' : 'No value yet.');
  if (!editing && field.sensitive && type === 'TEXT' && field.required) help.push('Leave empty to have one generated.');
  if (field.required) control.setAttribute('aria-required', 'true');
  if (help.length) control.setAttribute('aria-describedby', helpId);
  const message = errors.register(path, control);
  let initial = control.value;

  const element = h('div', {class: 'input value-input', 'data-key': field.key, 'data-type': type},
      h('label', {for: id}, field.label, field.required ? h('span', {class: 'required'}, ' (required)') : null,
          field.sensitive ? h('span', {class: 'badge'}, 'sensitive') : null),
      h('div', {class: 'control'}, control, extra),
      generator?.panel,
      help.length ? h('p', {class: 'help', id: helpId}, help.join(' ')) : null,
      h('p', {class: 'help changed', hidden: true}),
      message);
  return {
    key: field.key,
    element,
    file: type === 'FILE' ? control : null,
    valueInput() {
      if (type === 'FILE') return null;
      if (generator?.active()) return {key: field.key, generate: generator.options()};
      if (field.sensitive) return control.value ? {key: field.key, value: control.value} : null;
      if (editing && control.value === initial) return null;
      if (!editing && !control.value) return null;
      return {key: field.key, value: control.value};
    },
    /** After a save: what was sent is the new starting point, and sensitive values leave the page. */
    commit() {
      if (type === 'FILE') return;
      if (generator?.active()) generator.button.click();
      if (field.sensitive) control.value = '';
      initial = control.value;
    },
    /** After a conflict: untouched inputs take the current value, edited ones stay and say what changed. */
    reload(now) {
      if (type === 'FILE' || field.sensitive) return;
      const value = now?.value ?? '';
      const changed = element.querySelector('.changed');
      if (control.value === initial) {
        control.value = value;
        changed.hidden = true;
      } else if (value !== initial) {
        changed.textContent = `Changed meanwhile to: ${value || '(empty)'}. Your value is kept.`;
        changed.hidden = false;
      }
      initial = value;
    },
  };
}

/** Generate asks the API's generator (a CSPRNG on the server) on save, so the value never passes through the page. */
function generatorControls(field, control, errors, path) {
  const length = h('input', {id: uid('generate-length'), type: 'number', min: 8, max: 256, value: 32, inputmode: 'numeric'});
  const classes = ['uppercase', 'lowercase', 'digits', 'symbols'].map(name => {
    const box = h('input', {id: uid('generate-' + name), type: 'checkbox', checked: true, name});
    return {name, box, element: h('span', {class: 'check'}, box, h('label', {for: box.id}, name))};
  });
  const panel = h('div', {class: 'generator', hidden: true},
      h('div', {class: 'input'}, h('label', {for: length.id}, 'Length'), length,
          errors.register(path + '.generate.length', length)),
      classes.map(c => c.element),
      h('p', {class: 'help'}, 'A value is generated when you save, and never shown here.'));
  const button = h('button', {type: 'button', class: 'generate', 'aria-expanded': 'false',
    'aria-label': `Generate ${field.label}`}, 'Generate');
  let active = false;
  button.addEventListener('click', () => {
    active = !active;
    panel.hidden = !active;
    button.setAttribute('aria-expanded', String(active));
    button.textContent = active ? 'Type instead' : 'Generate';
    button.setAttribute('aria-label', active ? `Type ${field.label} instead` : `Generate ${field.label}`);
    control.value = '';
    control.disabled = active;
    control.placeholder = active ? 'Generated on save' : '';
    (active ? length : control).focus();
  });
  return {
    button, panel,
    active: () => active,
    options: () => ({length: Number(length.value) || 32,
      ...Object.fromEntries(classes.map(c => [c.name, c.box.checked]))}),
  };
}

async function uploadFiles(secretId, inputs, errors) {
  for (const input of inputs) {
    const file = input.file?.files?.[0];
    if (!file) continue;
    const body = new FormData();
    body.append('file', file);
    // The secret is saved by now: a file that fails is said, never a reason to send the secret again.
    try {
      const response = await fetch(`/secrets/${encodeURIComponent(secretId)}/files/${encodeURIComponent(input.key)}`,
          {method: 'POST', body, credentials: 'omit', cache: 'no-store', headers: headers()});
      if (!response.ok) {
        const answer = await response.json().catch(() => ({}));
        announce(`The secret was saved, but the file of ${input.key} was not: ${answer.message ?? response.status}.`);
      }
    } catch (e) {
      announce(`The secret was saved, but the file of ${input.key} could not be sent.`);
    }
  }
}

/** The actions bar of a secret's page: Edit and Delete, or Restore and Purge for a deleted one. */
export function secretActions(secret) {
  const refresh = () => navigate(location.pathname, {replaceState: true});
  const bar = h('div', {class: 'secret-actions', role: 'group', 'aria-label': 'Secret actions'});
  const run = action => async () => {
    try {
      await action();
    } catch (e) {
      announce(e.message);
      let error = bar.querySelector('.error');
      if (!error) bar.append(error = h('p', {class: 'error', role: 'alert'}));
      error.textContent = e.message;
    }
  };
  if (secret.deleted) {
    replace(bar, h('p', {class: 'deleted-note'}, h('span', {class: 'badge bad'}, 'deleted'),
        ' This secret is deleted: it is out of lists and cannot be revealed or edited until restored.'),
    h('button', {type: 'button', class: 'restore', onclick: run(async () => {
      if (await restoreSecret(secret)) refresh();
    })}, 'Restore'),
    h('button', {type: 'button', class: 'danger purge', onclick: run(async () => {
      if (await purgeSecret(secret)) navigate('/secrets');
    })}, 'Purge'));
  } else {
    replace(bar,
        h('button', {type: 'button', class: 'edit', onclick: run(() => editSecret(secret.id))}, 'Edit'),
        h('button', {type: 'button', class: 'danger delete', onclick: run(async () => {
          if (await deleteSecret(secret)) refresh();
        })}, 'Delete'));
  }
  return bar;
}

/** Asks, then deletes; a secret integrations refer to is named as such and needs a second, explicit yes. */
export async function deleteSecret(secret) {
  let force = false;
  const note = h('p', {}, `Delete ${secret.name}? It leaves the lists and cannot be revealed or edited, `
      + 'but an owner can restore it until it is purged.');
  const done = await dialog(`Delete ${secret.name}`, note, {submitLabel: 'Delete', danger: true, submit: async () => {
    try {
      return (await gql(DELETE, {input: {secretId: secret.id, force}})).deleteSecret.secret;
    } catch (e) {
      if (e instanceof ApiError && e.has('CONFLICT', 'force')) {
        force = true;
        throw new Error(`${e.message} Press Delete again to delete it anyway.`);
      }
      throw e;
    }
  }});
  if (done) announce(`${secret.name} deleted. It can be restored from the deleted secrets.`);
  return Boolean(done);
}

export async function restoreSecret(secret) {
  await gql(RESTORE, {id: secret.id});
  announce(`${secret.name} restored.`);
  return true;
}

/** Purging cannot be undone, so the person types the secret's name, as the API asks too. */
export async function purgeSecret(secret) {
  const confirm = h('input', {id: uid('purge-name'), name: 'confirmName', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': uid('purge-help')});
  const done = await dialog(`Purge ${secret.name} for good`, [
    h('p', {id: confirm.getAttribute('aria-describedby')}, 'Its values can never be revealed again and its name '
        + 'becomes free; its history stays for auditors. Type the secret\'s name to confirm: ',
    h('strong', {}, secret.name)),
    h('label', {for: confirm.id}, 'Name of the secret'), confirm], {submitLabel: 'Purge', danger: true,
    submit: async () => {
      if (confirm.value.trim() !== secret.name) {
        confirm.setAttribute('aria-invalid', 'true');
        throw new Error('The name does not match: nothing was purged.');
      }
      return (await gql(PURGE, {id: secret.id, name: confirm.value.trim()})).purgeSecret;
    }});
  if (done) announce(`${secret.name} purged.`);
  return Boolean(done);
}

function tomorrow() {
  return new Date(Date.now() + 86_400_000).toISOString();
}

function toDateInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of the chosen day where the person is: a secret set to expire on the 31st is usable all that day. */
function fromDateInput(input) {
  const value = input.value;
  if (!value && !input.validity.badInput) return null;
  const date = new Date(value + 'T23:59:59');
  if (input.validity.badInput || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) {
    throw new ApiError([{message: 'Enter a whole date, such as 31/12/2027.',
      extensions: {code: 'VALIDATION', field: 'expiresAt'}}]);
  }
  return date.toISOString();
}
