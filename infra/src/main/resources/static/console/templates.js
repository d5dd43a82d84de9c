import {h, replace, announce, dialog, formatTime} from './dom.js';
import {gql, ApiError} from './api.js';
import {FieldErrors} from './editor.js';

// The workspace's templates (seed 000: labels, field types, required and sensitive flags, choice options): listed,
// created with fields of every type the API has, renamed, their fields added, changed and removed, archived.

const DEFINITION = 'key label type required sensitive options';
const TEMPLATES = `query Templates { templates(first: 100, includeArchived: true) { edges { node {
  id name description archived version createdAt updatedAt updatedBy fields { ${DEFINITION} } } } } }`;
const CREATE = `mutation CreateTemplate($input: CreateTemplateInput!) {
  createTemplate(input: $input) { template { id name } } }`;
const UPDATE = `mutation UpdateTemplate($input: UpdateTemplateInput!) { updateTemplate(input: $input) { template { id } } }`;
const ADD_FIELD = `mutation AddField($input: AddTemplateFieldInput!) { addTemplateField(input: $input) { template { id } } }`;
const CHANGE_FIELD = `mutation ChangeField($input: ChangeTemplateFieldInput!) {
  changeTemplateField(input: $input) { template { id } } }`;
const REMOVE_FIELD = `mutation RemoveField($input: RemoveTemplateFieldInput!) {
  removeTemplateField(input: $input) { template { id } } }`;
const REORDER = `mutation Reorder($input: ReorderTemplateFieldsInput!) {
  reorderTemplateFields(input: $input) { template { id } } }`;
const ARCHIVE = `mutation Archive($input: ArchiveTemplateInput!) { archiveTemplate(input: $input) { template { id archived } } }`;

/** The field types of the schema's FieldType, with what each one is for. */
const TYPES = [
  ['TEXT', 'Text', 'One line: an id, a user name, an API key (mark it sensitive).'],
  ['MESSAGE', 'Message', 'Several lines: instructions, recovery notes.'],
  ['CHOICE', 'Choice', 'One of a fixed list of options.'],
  ['FILE', 'File', 'An attachment, uploaded; never sensitive, kept out of ticket payloads.'],
  ['TOTP', 'One-time password', 'A TOTP seed; always sensitive, a reveal shows the current code.'],
];
const typeLabel = type => TYPES.find(([t]) => t === type)?.[1] ?? type;

let sequence = 0;
const uid = prefix => `${prefix}-${++sequence}`;

export async function templatesPage(main) {
  const list = h('div', {id: 'templates'});
  const creator = h('section', {class: 'card template-creator', 'aria-labelledby': 'new-template-title', hidden: true});
  const open = h('button', {type: 'button', class: 'primary', id: 'new-template', 'aria-expanded': 'false',
    onclick: () => {
      if (!creator.hidden) return;
      fillCreator(creator, {done: async created => {
        creator.hidden = true;
        open.setAttribute('aria-expanded', 'false');
        open.focus();
        if (created) {
          await load();
          announce(`Template ${created.name} created.`);
          const card = list.querySelector(`[data-template-id="${CSS.escape(created.id)}"] h2`);
          card?.scrollIntoView({block: 'start'});
          card?.focus({preventScroll: true});
        }
      }});
      creator.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      creator.querySelector('input')?.focus();
    }}, 'New template');

  async function load() {
    try {
      const templates = (await gql(TEMPLATES)).templates.edges.map(edge => edge.node);
      replace(list, templates.length ? templates.map(template => templateCard(template, load))
          : h('p', {}, 'No templates yet. A template is the field layout secrets are created from.'));
    } catch (e) {
      replace(list, h('p', {class: 'error', role: 'alert'}, e.message));
    }
  }

  replace(main, h('h1', {}, 'Templates'),
      h('p', {class: 'help'}, 'Templates define the fields of a kind of secret. Changing one shapes new secrets; '
          + 'every existing secret keeps the layout and values it was created with.'),
      h('div', {class: 'toolbar'}, open), creator, list);
  await load();
}

function templateCard(template, reload) {
  const titleId = uid('template');
  const run = action => async event => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      if (await action()) await reload();
    } catch (e) {
      announce(e.message);
      await dialog('Not changed', h('p', {class: 'error', role: 'alert'}, e.message), {submitLabel: 'Close'});
    } finally {
      button.disabled = false;
    }
  };
  const keys = template.fields.map(f => f.key);
  const move = (key, by) => run(async () => {
    const order = [...keys];
    const at = order.indexOf(key);
    [order[at], order[at + by]] = [order[at + by], order[at]];
    await gql(REORDER, {input: {templateId: template.id, keys: order}});
    announce(`${key} moved ${by < 0 ? 'up' : 'down'}.`);
    return true;
  });
  return h('article', {class: 'card template', 'data-template': template.name, 'data-template-id': template.id,
    'aria-labelledby': titleId},
      h('h2', {id: titleId, tabindex: -1}, template.name, template.archived ? h('span', {class: 'badge'}, 'archived') : null),
      template.description ? h('p', {class: 'description'}, template.description) : null,
      h('p', {class: 'help'}, `Version ${template.version}. Updated ${formatTime(template.updatedAt)}`,
          template.updatedBy ? ` by ${template.updatedBy}` : '', '.'),
      h('table', {class: 'list fields-of-template'},
          h('caption', {class: 'visually-hidden'}, `Fields of ${template.name}`),
          h('thead', {}, h('tr', {}, ['Key', 'Label', 'Type', 'Required', 'Sensitive', 'Options', 'Actions']
              .map(title => h('th', {scope: 'col'}, title)))),
          h('tbody', {}, template.fields.map((field, index) => h('tr', {'data-field': field.key},
              h('th', {scope: 'row'}, h('code', {}, field.key)),
              h('td', {}, field.label),
              h('td', {}, typeLabel(field.type)),
              h('td', {}, field.required ? 'Required' : 'Optional'),
              h('td', {}, field.sensitive ? 'Sensitive' : '–'),
              h('td', {}, field.options.join(', ')),
              h('td', {}, h('span', {class: 'row-actions'},
                  h('button', {type: 'button', 'aria-label': `Change field ${field.label}`,
                    onclick: run(() => fieldDialog(template, field))}, 'Change'),
                  index > 0 ? h('button', {type: 'button', 'aria-label': `Move ${field.label} up`,
                    onclick: move(field.key, -1)}, '↑') : null,
                  index < keys.length - 1 ? h('button', {type: 'button', 'aria-label': `Move ${field.label} down`,
                    onclick: move(field.key, 1)}, '↓') : null,
                  h('button', {type: 'button', class: 'danger', 'aria-label': `Remove field ${field.label}`,
                    onclick: run(() => removeField(template, field))}, 'Remove'))))))),
      h('div', {class: 'actions start'},
          h('button', {type: 'button', class: 'rename', onclick: run(() => renameDialog(template))},
              'Rename or describe'),
          h('button', {type: 'button', class: 'add-field', onclick: run(() => fieldDialog(template, null))},
              'Add field'),
          template.archived
              ? h('button', {type: 'button', class: 'unarchive', onclick: run(async () => {
                await gql(ARCHIVE, {input: {templateId: template.id, archived: false}});
                announce(`${template.name} brought back: new secrets can follow it again.`);
                return true;
              })}, 'Bring back')
              : h('button', {type: 'button', class: 'archive danger', onclick: run(() => archive(template))},
                  'Archive')));
}

/** The New template form: a name, a description and rows of field definitions, checked together by the API. */
function fillCreator(creator, {done}) {
  const general = h('div', {class: 'error general', role: 'alert', tabindex: -1, hidden: true});
  const errors = new FieldErrors(general);
  const name = h('input', {id: 'template-name', name: 'name', autocomplete: 'off', 'aria-required': 'true',
    maxlength: 200});
  const description = h('textarea', {id: 'template-description', name: 'description', rows: 2, maxlength: 2000});
  const rows = h('ol', {class: 'definition-rows'});
  const rowList = [];
  const addRow = () => {
    const row = definitionRow({
      onRemove: () => {
        rowList.splice(rowList.indexOf(row), 1);
        row.element.remove();
        announce('Field removed from the new template.');
        (rowList[0]?.first ?? add).focus();
      },
    });
    rowList.push(row);
    rows.append(row.element);
    return row;
  };
  const add = h('button', {type: 'button', class: 'add-row', onclick: () => addRow().first.focus()}, 'Add another field');
  const cancel = h('button', {type: 'button', onclick: () => done(null)}, 'Cancel');
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Create template');
  const form = h('form', {novalidate: true, onsubmit: async event => {
    event.preventDefault();
    errors.clear();
    rowList.forEach((row, i) => row.bind(errors, `fields[${i}]`));
    submit.disabled = true;
    try {
      const created = (await gql(CREATE, {input: {name: name.value.trim(), description: description.value,
        fields: rowList.map(row => row.definition())}})).createTemplate.template;
      done(created);
    } catch (e) {
      errors.show(e);
    } finally {
      submit.disabled = false;
    }
  }},
  h('h2', {id: 'new-template-title'}, 'New template'),
  general,
  h('div', {class: 'input'}, h('label', {for: name.id}, 'Name'), name, errors.register('name', name)),
  h('div', {class: 'input'}, h('label', {for: description.id}, 'Description'), description,
      errors.register('description', description)),
  h('h3', {}, 'Fields'), rows,
  h('div', {class: 'actions start'}, add),
  h('div', {class: 'actions'}, cancel, submit));
  replace(creator, form);
  addRow();
}

/**
 * One field definition's inputs. `existing` (a field being changed) fixes its key and type, which never change.
 * The sensitive box follows the type: never for files, always for one-time passwords.
 */
function definitionRow({existing = null, onRemove = null} = {}) {
  const key = h('input', {id: uid('field-key'), name: 'key', autocomplete: 'off', spellcheck: 'false',
    'aria-required': 'true', maxlength: 64, value: existing?.key ?? '',
    readonly: Boolean(existing), 'aria-describedby': uid('key-help')});
  const label = h('input', {id: uid('field-label'), name: 'label', autocomplete: 'off', 'aria-required': 'true',
    maxlength: 200, value: existing?.label ?? ''});
  const type = h('select', {id: uid('field-type'), name: 'type', disabled: Boolean(existing),
    'aria-describedby': uid('type-help')}, TYPES.map(([value, text]) => h('option', {value}, text)));
  type.value = existing?.type ?? 'TEXT';
  const required = h('input', {id: uid('field-required'), name: 'required', type: 'checkbox',
    checked: Boolean(existing?.required)});
  const sensitive = h('input', {id: uid('field-sensitive'), name: 'sensitive', type: 'checkbox',
    checked: Boolean(existing?.sensitive)});
  const options = h('textarea', {id: uid('field-options'), name: 'options', rows: 3,
    'aria-describedby': uid('options-help')}, (existing?.options ?? []).join('\n'));
  const typeHelp = h('p', {class: 'help', id: type.getAttribute('aria-describedby')});
  const optionsBox = h('div', {class: 'input options'}, h('label', {for: options.id}, 'Options'), options,
      h('p', {class: 'help', id: options.getAttribute('aria-describedby')}, 'One option per line.'));
  const follow = () => {
    typeHelp.textContent = TYPES.find(([t]) => t === type.value)[2];
    optionsBox.hidden = type.value !== 'CHOICE';
    if (type.value === 'FILE') sensitive.checked = false;
    if (type.value === 'TOTP') sensitive.checked = true;
    sensitive.disabled = type.value === 'FILE' || type.value === 'TOTP';
  };
  type.addEventListener('change', follow);
  follow();
  const messages = {};
  const message = name => messages[name] = h('p', {class: 'error field-error', id: uid('error'), role: 'alert',
    hidden: true});
  const element = h('li', {class: 'definition'},
      h('div', {class: 'input'}, h('label', {for: key.id}, 'Key'), key,
          h('p', {class: 'help', id: key.getAttribute('aria-describedby')},
              existing ? 'Keys never change.' : 'Lower-case letters, digits and _, such as api_token.'),
          message('key')),
      h('div', {class: 'input'}, h('label', {for: label.id}, 'Label'), label, message('label')),
      h('div', {class: 'input'}, h('label', {for: type.id}, 'Type'), type, typeHelp, message('type')),
      h('div', {class: 'flags'},
          h('span', {class: 'check'}, required, h('label', {for: required.id}, 'Required')),
          h('span', {class: 'check'}, sensitive, h('label', {for: sensitive.id}, 'Sensitive (masked, revealed on purpose)')),
          message('required'), message('sensitive')),
      optionsBox, message('options'),
      onRemove ? h('button', {type: 'button', class: 'remove-row', onclick: onRemove,
        'aria-label': 'Remove this field from the new template'}, 'Remove this field') : null);
  const inputs = {key, label, type, required, sensitive, options};
  return {
    element,
    first: existing ? label : key,
    bind(errors, prefix) {
      for (const [name, input] of Object.entries(inputs)) {
        errors.attach(prefix ? `${prefix}.${name}` : name, input, messages[name]);
      }
    },
    definition() {
      return {key: key.value.trim(), label: label.value.trim(), type: type.value, required: required.checked,
        sensitive: sensitive.checked,
        options: type.value === 'CHOICE' ? options.value.split('\n').map(o => o.trim()).filter(Boolean) : []};
    },
  };
}

/** Add a field (appended) or change one (label, flags, options). */
async function fieldDialog(template, field) {
  const general = h('div', {class: 'error general', role: 'alert', tabindex: -1, hidden: true});
  const errors = new FieldErrors(general, {bySuffix: true});
  const row = definitionRow({existing: field});
  row.bind(errors, '');
  const done = await dialog(field ? `Change ${field.label} of ${template.name}` : `Add a field to ${template.name}`,
      [general, h('ul', {class: 'definition-rows'}, row.element),
        field ? h('p', {class: 'help'}, 'Existing secrets keep their fields as they are.') : null],
      {submitLabel: field ? 'Save field' : 'Add field', submit: async () => {
        errors.clear();
        try {
          const input = {templateId: template.id, field: row.definition()};
          if (field) await gql(CHANGE_FIELD, {input});
          else await gql(ADD_FIELD, {input});
          return true;
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          errors.show(e);
          return false;
        }
      }});
  if (done) announce(field ? `${field.label} changed.` : 'Field added.');
  return Boolean(done);
}

async function renameDialog(template) {
  const general = h('div', {class: 'error general', role: 'alert', tabindex: -1, hidden: true});
  const errors = new FieldErrors(general);
  const name = h('input', {id: uid('rename-name'), name: 'name', autocomplete: 'off', value: template.name});
  const description = h('textarea', {id: uid('rename-description'), name: 'description', rows: 3},
      template.description ?? '');
  const done = await dialog(`Rename or describe ${template.name}`, [general,
    h('label', {for: name.id}, 'Name'), name, errors.register('name', name),
    h('label', {for: description.id}, 'Description'), description, errors.register('description', description)],
  {submitLabel: 'Save', submit: async () => {
    errors.clear();
    try {
      await gql(UPDATE, {input: {id: template.id, name: name.value.trim(), description: description.value}});
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      errors.show(e);
      return false;
    }
  }});
  if (done) announce('Template saved.');
  return Boolean(done);
}

async function removeField(template, field) {
  const done = await dialog(`Remove ${field.label} from ${template.name}?`,
      h('p', {}, `New secrets will not have it, and its key ${field.key} cannot be used again in this template. `
          + 'Secrets created from the template keep the field and its value.'),
      {submitLabel: 'Remove field', danger: true, submit: async () => {
        await gql(REMOVE_FIELD, {input: {templateId: template.id, key: field.key}});
        return true;
      }});
  if (done) announce(`${field.label} removed.`);
  return Boolean(done);
}

async function archive(template) {
  const done = await dialog(`Archive ${template.name}?`,
      h('p', {}, 'No new secret can be created from an archived template. Secrets created from it keep working, '
          + 'and you can bring it back.'),
      {submitLabel: 'Archive', danger: true, submit: async () => {
        await gql(ARCHIVE, {input: {templateId: template.id, archived: true}});
        return true;
      }});
  if (done) announce(`${template.name} archived.`);
  return Boolean(done);
}
