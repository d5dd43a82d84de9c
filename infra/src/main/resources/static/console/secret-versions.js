import {h, replace, announce, dialog, formatTime} from './dom.js';
import {gql} from './api.js';

const VERSIONS = `query Versions($secretId: ID!, $fieldKey: String!) {
  secretFieldVersions(secretId: $secretId, fieldKey: $fieldKey) {
    version at actor { type displayName } change fromVersion value current } }`;
const ROLLBACK = `mutation Rollback($input: RollbackSecretFieldInput!) {
  rollbackSecretField(input: $input) { secret { id version } } }`;

/**
 * A field's earlier versions (who, when, how; a sensitive one's value never, as the API keeps it), each with
 * "Roll back" after a confirmation. `open` keeps the keys whose list is shown, so a live update that rebuilds a row
 * opens it again; `rolledBack` is told the secret's new version.
 */
export function versionsToggle(secret, field, open, rolledBack) {
  const panelId = `versions-${field.key}`;
  const panel = h('div', {class: 'versions', id: panelId, hidden: true});
  const toggle = h('button', {type: 'button', class: 'versions-toggle', 'aria-expanded': 'false',
    'aria-controls': panelId, 'aria-label': `Versions of ${field.label}`}, 'Versions');
  const show = async () => {
    toggle.setAttribute('aria-expanded', 'true');
    panel.hidden = false;
    open.add(field.key);
    replace(panel, h('p', {class: 'help'}, 'Loading the versions…'));
    try {
      const versions = (await gql(VERSIONS, {secretId: secret.id, fieldKey: field.key})).secretFieldVersions;
      if (!open.has(field.key)) return;
      replace(panel, versionTable(secret, field, versions, rolledBack));
    } catch (e) {
      replace(panel, h('p', {class: 'error', role: 'alert'}, e.message));
    }
  };
  toggle.addEventListener('click', () => {
    if (toggle.getAttribute('aria-expanded') === 'true') {
      toggle.setAttribute('aria-expanded', 'false');
      panel.hidden = true;
      open.delete(field.key);
    } else {
      show();
    }
  });
  if (open.has(field.key)) show();
  return [toggle, panel];
}

function versionTable(secret, field, versions, rolledBack) {
  if (!versions.length) return h('p', {class: 'help'}, 'This field has no versions yet.');
  return h('table', {class: 'list versions-list'},
      h('caption', {}, `Versions of ${field.label}, newest first`),
      h('thead', {}, h('tr', {}, ['Version', 'When', 'Who', 'Change', 'Value', ''].map(title =>
          h('th', {scope: 'col'}, title)))),
      h('tbody', {}, versions.map(version => h('tr', {'data-version': version.version},
          h('th', {scope: 'row'}, `v${version.version}`, version.current ? h('span', {class: 'badge good'}, 'current') : null),
          h('td', {}, h('time', {datetime: version.at}, formatTime(version.at))),
          h('td', {}, version.actor.displayName ?? version.actor.type),
          h('td', {}, version.change, version.fromVersion ? ` (from v${version.fromVersion})` : ''),
          h('td', {}, field.sensitive
              ? h('span', {class: 'value masked', 'aria-label': 'hidden: earlier values are never shown'}, '••••••••')
              : h('span', {class: 'value'}, version.value ?? '')),
          h('td', {}, version.current ? null : h('button', {type: 'button', class: 'rollback',
            'aria-label': `Roll ${field.label} back to version ${version.version}`,
            onclick: () => rollback(secret, field, version, rolledBack)}, 'Roll back'))))));
}

async function rollback(secret, field, version, rolledBack) {
  const done = await dialog(`Roll ${field.label} back to version ${version.version}?`, [
    h('p', {}, `The value of version ${version.version} (${formatTime(version.at)}) becomes current again, as a new `
        + 'version. The versions in between stay in the history.')], {
    submitLabel: 'Roll back', danger: true,
    submit: async () => (await gql(ROLLBACK, {input: {secretId: secret.id, fieldKey: field.key,
      toVersion: version.version}})).rollbackSecretField.secret});
  if (!done) return;
  announce(`${field.label} rolled back to version ${version.version}.`);
  await rolledBack(done);
  // The button is gone with its rebuilt row: the focus goes to the field's versions again.
  document.querySelector(`[data-field="${CSS.escape(field.key)}"] .versions-toggle`)?.focus();
}
