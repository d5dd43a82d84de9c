import {h, replace, announce, dialog} from './dom.js';
import {gql, ApiError} from './api.js';

const REVEAL = `mutation Reveal($input: RevealSecretFieldInput!) {
  revealSecretField(input: $input) { value fieldVersion grant } }`;
const REQUEST_CODE = `mutation { requestRevealVerification { sentTo expiresAt } }`;
const CONFIRM_CODE = `mutation Confirm($code: String!) { confirmRevealVerification(input: {code: $code}) { unlockedUntil } }`;

/** How long a shown value stays on the page at most when the person does not hide it (ADR 0029). */
const SHOWN_FOR_MS = 60_000;

/**
 * Revealed values live only in the DOM text of their field and in this set of hiders; a view's clean-up calls
 * `hideAll`, so navigating away, signing out or leaving the page drops every one.
 */
export class Reveals {
  constructor() { this.hiders = new Set(); }

  hideAll() { for (const hide of [...this.hiders]) hide(); }

  /** Drops the values shown in rows a live update replaced: they are off the page, and must not linger in memory. */
  hideDetached() { for (const hide of [...this.hiders]) if (!hide.element.isConnected) hide(); }

  /**
   * The cells of a sensitive field: masked until Reveal, Hide again, Copy without showing.
   * `context` is {secretId, ticketId, label}.
   */
  controls(field, context) {
    const value = h('span', {class: 'value masked', 'aria-label': `${field.label}, hidden`}, '••••••••');
    const reveal = h('button', {type: 'button', class: 'reveal', 'aria-label': `Reveal ${field.label}`}, 'Reveal');
    const copy = h('button', {type: 'button', class: 'copy', 'aria-label': `Copy ${field.label} without showing it`},
        'Copy');
    let shown = false;
    let timer = null;
    const hide = () => {
      clearTimeout(timer);
      this.hiders.delete(hide);
      if (!shown) return;
      shown = false;
      replace(value, '••••••••');
      value.className = 'value masked';
      value.setAttribute('aria-label', `${field.label}, hidden`);
      reveal.textContent = 'Reveal';
      reveal.setAttribute('aria-label', `Reveal ${field.label}`);
    };
    hide.element = value;
    reveal.addEventListener('click', async () => {
      if (shown) { hide(); announce(`${field.label} hidden again.`); reveal.focus(); return; }
      reveal.disabled = true;
      try {
        const result = await this.reveal(field, context);
        if (!result) return;
        shown = true;
        replace(value, h('code', {class: 'revealed'}, result.value));
        value.className = 'value shown';
        value.removeAttribute('aria-label');
        reveal.textContent = 'Hide';
        reveal.setAttribute('aria-label', `Hide ${field.label}`);
        this.hiders.add(hide);
        timer = setTimeout(() => {
          // A row a live update rebuilt is no longer on the page: nothing there to announce.
          const onPage = value.isConnected;
          hide();
          if (onPage) announce(`${field.label} hidden after a minute.`);
        }, SHOWN_FOR_MS);
        announce(`${field.label} revealed (version ${result.fieldVersion}, by ${result.grant}). It is recorded.`);
      } catch (e) {
        announce(e.message);
        showError(value.parentElement, e.message);
      } finally {
        reveal.disabled = false;
      }
    });
    copy.addEventListener('click', async () => {
      copy.disabled = true;
      try {
        const result = await this.reveal(field, context);
        if (!result) return;
        try {
          await navigator.clipboard.writeText(result.value);
          announce(`${field.label} copied to the clipboard without showing it. The reveal is recorded.`);
        } catch (e) {
          announce(`The browser did not allow the clipboard; ${field.label} was not copied.`);
        }
      } catch (e) {
        announce(e.message);
        showError(value.parentElement, e.message);
      } finally {
        copy.disabled = false;
      }
    });
    return {value, buttons: h('span', {class: 'buttons'}, reveal, copy)};
  }

  /** One reveal, asking the person for what the workspace or the secret requires on the way. */
  async reveal(field, {secretId, ticketId, confirmExpired = false, reason = null}) {
    const input = {secretId, fieldKey: field.key, ticketId: ticketId ?? null, confirmExpired, reason};
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        return (await gql(REVEAL, {input})).revealSecretField;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.code === 'VERIFICATION_REQUIRED') {
          if (!await verify()) return null;
        } else if (e.has('VALIDATION', 'confirmExpired')) {
          if (!await confirmExpiredReveal(field)) return null;
          input.confirmExpired = true;
        } else if (e.has('VALIDATION', 'reason') || e.has('VALIDATION', 'ticketId')) {
          const asked = await askReason(field, e, input);
          if (!asked) return null;
          Object.assign(input, asked);
        } else {
          throw e;
        }
      }
    }
    return null;
  }
}

function showError(container, message) {
  if (!container) return;
  let error = container.querySelector('.error');
  if (!error) { error = h('p', {class: 'error', role: 'alert'}); container.append(error); }
  error.textContent = message;
}

/** The e-mailed code: asks for one, then takes the digits; resolves true once reveals are unlocked. */
async function verify() {
  const sent = (await gql(REQUEST_CODE)).requestRevealVerification;
  const code = h('input', {id: 'verification-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code',
    required: true, pattern: '[0-9]{4,10}', 'aria-describedby': 'verification-help'});
  const result = await dialog('Enter the code we e-mailed you', [
    h('p', {id: 'verification-help'}, `This workspace asks for a code before reveals. We sent one to ${sent.sentTo}; `
        + 'it holds 10 minutes and works once.'),
    h('label', {for: 'verification-code'}, 'Code'), code], {
    submitLabel: 'Confirm',
    submit: async () => {
      try {
        return (await gql(CONFIRM_CODE, {code: code.value.trim()})).confirmRevealVerification;
      } catch (e) {
        code.value = '';
        code.focus();
        const left = e.extensions?.attemptsLeft;
        throw new Error(e.code === 'VERIFICATION_FAILED' ? 'That code is not valid' + (left !== undefined
            ? ` (${left} attempts left).` : '.') : e.message);
      }
    }});
  if (result) announce('Reveals are unlocked for a while.');
  return Boolean(result);
}

async function confirmExpiredReveal(field) {
  return Boolean(await dialog('This secret has expired', [
    h('p', {}, `Revealing ${field.label} of an expired secret is recorded as such. Its value may no longer be the one `
        + 'in use: rotate it after use.')], {submitLabel: 'Reveal anyway', danger: true}));
}

async function askReason(field, error, input) {
  const reason = h('textarea', {id: 'reveal-reason', name: 'reason', maxlength: 500, rows: 3},
      input.reason ?? '');
  const ticket = h('input', {id: 'reveal-ticket', name: 'ticketId', autocomplete: 'off', value: input.ticketId ?? ''});
  return dialog(`Why do you reveal ${field.label}?`, [
    h('p', {}, error.message),
    h('label', {for: 'reveal-reason'}, 'Reason'), reason,
    h('label', {for: 'reveal-ticket'}, 'Ticket id'), ticket], {
    submitLabel: 'Reveal',
    submit: () => ({reason: reason.value.trim() || null, ticketId: ticket.value.trim() || null})});
}
