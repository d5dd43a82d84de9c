import {h, replace, announce} from './dom.js';
import {headers, ApiError} from './api.js';

/**
 * The secret's files: one per FILE field of its template, each downloaded and uploaded through the file endpoint
 * (`/secrets/<id>/files/<field>`) with the bearer token in the Authorization header, never in an address. A download
 * becomes a Blob object URL handed to an <a download>, and is let go of at once. `uploaded` is told when a file was
 * stored, so the page shows the new version.
 */
export function filesSection(secret, uploaded) {
  const list = h('ul', {class: 'file-list', id: 'files'});
  const shown = new Map();
  // Only the files that changed are rebuilt: a file chosen for upload elsewhere on the list stays chosen.
  const render = current => {
    const files = current.fields.filter(field => field.type === 'FILE');
    const keys = new Set(files.map(field => field.key));
    for (const [key, item] of shown) if (!keys.has(key)) { item.element.remove(); shown.delete(key); }
    let previous = null;
    for (const field of files) {
      const shape = JSON.stringify(field);
      let item = shown.get(field.key);
      if (!item || item.shape !== shape) {
        const element = fileItem(current, field, uploaded);
        if (item) item.element.replaceWith(element);
        item = {shape, element};
        shown.set(field.key, item);
      }
      if (previous) previous.after(item.element); else list.prepend(item.element);
      previous = item.element;
    }
  };
  render(secret);
  const none = h('p', {class: 'help'}, 'The template of this secret has no file fields.');
  return {element: h('div', {}, list, shown.size ? null : none), update: render};
}

function fileItem(secret, field, uploaded) {
  const inputId = `upload-${field.key}`;
  const errorId = `upload-error-${field.key}`;
  const error = h('p', {class: 'error', role: 'alert', id: errorId, hidden: true});
  const input = h('input', {type: 'file', id: inputId, name: 'file'});
  const fail = message => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', errorId);
  };
  const clear = () => {
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  };
  const upload = h('button', {type: 'submit', class: 'upload'}, 'Upload');
  const form = h('form', {class: 'upload-form', onsubmit: async event => {
    event.preventDefault();
    clear();
    const file = input.files[0];
    if (!file) { fail('Choose a file first.'); input.focus(); return; }
    upload.disabled = true;
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const response = await fetch(fileAddress(secret, field), {method: 'POST', credentials: 'omit',
        cache: 'no-store', headers: headers({Accept: 'application/json'}), body});
      const answer = await readJson(response);
      if (!response.ok) throw httpError(response, answer);
      input.value = '';
      announce(`${file.name} uploaded to ${field.label} (version ${answer.version ?? ''}).`);
      await uploaded(answer);
    } catch (e) {
      fail(e.message);
      input.focus();
    } finally {
      upload.disabled = false;
    }
  }}, h('label', {for: inputId}, field.value ? `Replace ${field.label}` : `Upload ${field.label}`), input, upload,
  error);
  const download = field.value ? h('button', {type: 'button', class: 'download',
    'aria-label': `Download ${field.label} (${field.value})`, onclick: async () => {
      download.disabled = true;
      clear();
      try {
        await downloadFile(secret, field);
        announce(`${field.value} downloaded. The download is recorded.`);
      } catch (e) {
        fail(e.message);
      } finally {
        download.disabled = false;
      }
    }}, 'Download') : null;
  return h('li', {class: 'file', 'data-file': field.key},
      h('div', {class: 'file-head'}, h('strong', {}, field.label), ' ',
          h('span', {class: 'file-name'}, field.value ?? 'No file yet'),
          field.value ? h('span', {class: 'version'}, `v${field.version}`) : null, download),
      form);
}

function fileAddress(secret, field) {
  return `/secrets/${encodeURIComponent(secret.id)}/files/${encodeURIComponent(field.key)}`;
}

async function downloadFile(secret, field) {
  const response = await fetch(fileAddress(secret, field), {credentials: 'omit', cache: 'no-store',
    headers: headers()});
  if (!response.ok) throw httpError(response, await readJson(response));
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = h('a', {href: url, download: fileName(response) ?? field.value ?? field.key, hidden: true});
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The browser has taken the bytes once the click is handled; the URL must not outlive the page's need.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

function fileName(response) {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    try { return decodeURIComponent(encoded[1]); } catch (e) { /* fall back to the plain name */ }
  }
  const plain = /filename="([^"]*)"/i.exec(disposition);
  return plain ? plain[1] : null;
}

async function readJson(response) {
  try { return await response.json(); } catch (e) { return {}; }
}

function httpError(response, body) {
  return new ApiError([{message: body.message ?? `SecretLedger answered ${response.status}.`,
    extensions: {code: body.code ?? 'INTERNAL', field: body.field}}]);
}
