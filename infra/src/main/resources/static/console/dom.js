// Elements are built, never parsed from strings: no value can become markup, and the CSP needs no inline code.

/** h('button', {type: 'button', onclick: f}, 'Reveal') */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined,
      {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
}

/** Tells screen readers and everyone else what just happened, in the polite live region. */
export function announce(message) {
  const status = document.getElementById('status');
  status.textContent = '';
  requestAnimationFrame(() => { status.textContent = message; });
}

/** A modal dialog; resolves with what `submit` returns, or null when cancelled (Escape, Cancel). */
export function dialog(title, body, {submitLabel = 'OK', submit = () => true, danger = false} = {}) {
  return new Promise(resolve => {
    const error = h('p', {class: 'error', role: 'alert', hidden: true});
    const ok = h('button', {type: 'submit', class: danger ? 'danger' : 'primary'}, submitLabel);
    const cancel = h('button', {type: 'button', onclick: () => close(null)}, 'Cancel');
    const titleId = 'dialog-title-' + Math.random().toString(36).slice(2);
    const form = h('form', {method: 'dialog'}, h('h2', {id: titleId}, title), body, error,
        h('div', {class: 'actions'}, cancel, ok));
    const element = h('dialog', {'aria-labelledby': titleId}, form);
    let done = false;
    const close = result => {
      if (done) return;
      done = true;
      element.close();
      element.remove();
      resolve(result);
    };
    form.addEventListener('submit', async event => {
      event.preventDefault();
      ok.disabled = true;
      try {
        const result = await submit(form);
        if (result !== undefined && result !== false) close(result);
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
      } finally {
        ok.disabled = false;
      }
    });
    element.addEventListener('cancel', event => { event.preventDefault(); close(null); });
    document.body.append(element);
    element.showModal();
    const first = form.querySelector('input, textarea, select');
    (first ?? ok).focus();
  });
}
