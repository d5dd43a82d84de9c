import {h} from './dom.js';

export const FIELDS = 'fields { key label type sensitive masked value version }';

/**
 * A secret's fields as a definition list: plain values shown, sensitive ones masked with their reveal controls.
 * `options.extra(field)` adds controls of the page's own to a field (the secret's page: its versions).
 */
export function fieldList(secret, reveals, context, options = {}) {
  return h('dl', {class: 'fields'}, secret.fields.map(field => fieldRow(secret, field, reveals, context, options)));
}

/** One field's row; the secret's page rebuilds only the rows whose field changed, so the others keep what is shown. */
export function fieldRow(secret, field, reveals, context, options = {}) {
  let cell;
  if (field.type === 'FILE') {
    cell = [h('span', {class: 'value'}, field.value ? field.value : 'No file')];
  } else if (field.sensitive && field.masked && secret.visibility !== 'RESTRICTED') {
    const {value, buttons} = reveals.controls(field, {...context, secretId: secret.id});
    cell = [value, buttons];
  } else if (field.sensitive && field.masked) {
    cell = [h('span', {class: 'value masked'}, 'Restricted: used by integrations only')];
  } else if (field.sensitive) {
    cell = [h('span', {class: 'value empty'}, 'No value')];
  } else {
    cell = [h('span', {class: field.type === 'MESSAGE' ? 'value message' : 'value'}, field.value ?? '')];
  }
  return h('div', {class: 'field', 'data-field': field.key},
      h('dt', {}, field.label, field.sensitive ? h('span', {class: 'badge'}, 'sensitive') : null),
      h('dd', {}, cell, h('span', {class: 'version'}, `v${field.version}`), options.extra?.(field) ?? null));
}

/** What a field's row shows: when it differs, the row is rebuilt (and a value revealed in it hidden). */
export function fieldShape(secret, field) {
  return JSON.stringify([secret.visibility, field]);
}
