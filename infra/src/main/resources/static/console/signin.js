import {h, replace, announce} from './dom.js';
import {gql, session, ApiError, signInProvider, exchangeCode} from './api.js';
import {signedIn, ME} from './app.js';

// The sign-in under way at the provider (its state and PKCE verifier): in this tab, for the round trip only (ADR 0030).
const PENDING = 'secretledger.console.signin';
const CALLBACK = '/signin/callback';

let provider;   // the team's provider, once asked: null where the console signs in with tokens only

/**
 * Sign in with the team's provider where the service has one for the console (authorization code with PKCE), or
 * with a bearer token (the local issuer's, or one the provider issued); then choose a workspace.
 */
export function signInPage(main) {
  if (location.pathname === CALLBACK) {
    providerCallback(main);
    return;
  }
  if (session.token) {
    chooseWorkspace(main);
    return;
  }
  showSignIn(main);
}

async function showSignIn(main, problem = null) {
  let trouble = problem;
  if (provider === undefined) {
    try {
      provider = await signInProvider();
    } catch (e) {
      trouble ??= e.message;   // asked again next time; the token form works meanwhile
    }
  }
  const alert = h('p', {class: 'error', role: 'alert', id: 'signin-error', hidden: !trouble}, trouble ?? '');
  if (!provider) {
    const form = tokenForm(main, h('h1', {}, 'Sign in to SecretLedger'), alert);
    form.classList.add('card');
    replace(main, form);
    form.querySelector('input').focus();
    return;
  }
  const button = h('button', {type: 'button', id: 'provider-signin', class: 'primary',
    'aria-describedby': 'provider-help', onclick: () => goToProvider(button, alert)}, `Sign in with ${provider.name}`);
  replace(main, h('section', {class: 'card signin provider-signin'},
      h('h1', {}, 'Sign in to SecretLedger'),
      alert,
      button,
      h('p', {id: 'provider-help', class: 'help'},
          `You sign in at ${provider.name} and come back here; SecretLedger never sees your password.`),
      h('details', {class: 'token-signin'}, h('summary', {}, 'Sign in with a token instead'), tokenForm(main))));
  button.focus();
}

function tokenForm(main, ...before) {
  const error = h('p', {class: 'error', role: 'alert', id: 'token-error', hidden: true});
  const token = h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help'});
  const form = h('form', {class: 'signin', onsubmit: async event => {
    event.preventDefault();
    error.hidden = true;
    token.removeAttribute('aria-invalid');
    token.setAttribute('aria-describedby', 'token-help');
    session.signIn(token.value.trim());
    token.value = '';
    try {
      await afterSignIn(main, (await gql(ME)).me);
    } catch (e) {
      session.signOut();
      const message = e instanceof ApiError && e.code === 'UNAUTHENTICATED'
          ? 'This token is not accepted: it is invalid or expired.' : e.message;
      if (!form.isConnected) {   // the refusal already brought a fresh sign-in page: say why there
        await showSignIn(main, message);
        return;
      }
      error.textContent = message;
      error.hidden = false;
      token.setAttribute('aria-invalid', 'true');
      token.setAttribute('aria-describedby', 'token-help token-error');
      token.focus();
    }
  }},
  ...before,
  h('label', {for: 'token'}, 'Token'),
  token,
  h('p', {id: 'token-help', class: 'help'},
      'The token the service printed on its first start, or one an owner issued you. It is kept in this tab only.'),
  error,
  h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  return form;
}

/** Off to the provider's authorization endpoint with a fresh state and PKCE challenge (S256). */
async function goToProvider(button, alert) {
  button.disabled = true;
  alert.hidden = true;
  try {
    const state = randomText();
    const verifier = randomText();
    const challenge = base64url(new Uint8Array(
        await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    sessionStorage.setItem(PENDING, JSON.stringify({state, verifier, redirectUri: provider.redirectUri}));
    const url = new URL(provider.authorizationEndpoint);
    const query = {response_type: 'code', client_id: provider.clientId, scope: provider.scopes,
      redirect_uri: provider.redirectUri, state, code_challenge: challenge, code_challenge_method: 'S256'};
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    announce(`Going to ${provider.name}…`);
    location.assign(url.href);
  } catch (e) {
    sessionStorage.removeItem(PENDING);
    button.disabled = false;
    alert.textContent = 'This browser cannot start the sign-in (it needs the Web Crypto API over HTTPS).';
    alert.hidden = false;
  }
}

/** Back from the provider: the answer must carry this tab's state; its code is exchanged through the service. */
async function providerCallback(main) {
  const answer = new URLSearchParams(location.search);
  // The code leaves the address bar and the history before anything else runs; the pending sign-in is used up.
  history.replaceState(null, '', '/');
  let pending = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  } catch (e) {
    pending = null;
  }
  sessionStorage.removeItem(PENDING);
  session.signOut();
  const state = answer.get('state');
  if (!pending?.state || !pending.verifier || !state || state !== pending.state) {
    await showSignIn(main, 'This sign-in was refused: it was not started in this tab, or the answer that came back '
        + 'was altered (its state does not match). Sign in again.');
    return;
  }
  const refusal = answer.get('error');
  if (refusal) {
    await showSignIn(main, refusal === 'access_denied' ? 'The sign-in was cancelled or refused at the provider.'
        : `The provider did not sign you in (${/^[a-z_]{1,64}$/.test(refusal) ? refusal : 'error'}). Sign in again.`);
    return;
  }
  const code = answer.get('code');
  if (!code) {
    await showSignIn(main, 'The provider sent no code back. Sign in again.');
    return;
  }
  replace(main, h('section', {class: 'card signin', 'aria-busy': 'true'}, h('h1', {}, 'Signing you in…')));
  try {
    session.signIn(await exchangeCode(code, pending.verifier, pending.redirectUri));
    await afterSignIn(main, (await gql(ME)).me);
  } catch (e) {
    session.signOut();
    await showSignIn(main, e instanceof ApiError && e.code === 'UNAUTHENTICATED'
        ? 'SecretLedger did not accept the sign-in: the provider\'s token is invalid or expired.' : e.message);
  }
}

function randomText() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function chooseWorkspace(main) {
  try {
    await afterSignIn(main, (await gql(ME)).me);
  } catch (e) {
    session.signOut();
    signInPage(main);
  }
}

async function afterSignIn(main, me) {
  const usable = me.memberships.filter(m => !m.suspended);
  if (me.workspaceId && me.memberships.some(m => m.workspaceId === me.workspaceId)) {
    session.chooseWorkspace(me.workspaceId);
  } else if (usable.length === 1) {
    session.chooseWorkspace(usable[0].workspaceId);
  } else if (me.memberships.length === 0) {
    session.signOut();
    throw new Error('You are no member of a workspace yet: the console is for members. Accept your invitation '
        + 'first, or ask an owner of your workspace to invite you.');
  } else {
    replace(main, h('section', {class: 'card'}, h('h1', {}, 'Choose a workspace'),
        h('ul', {class: 'choices'}, me.memberships.map(m => h('li', {}, h('button', {type: 'button',
          disabled: m.suspended, onclick: async () => {
            session.chooseWorkspace(m.workspaceId);
            await signedIn((await gql(ME)).me);
          }}, m.workspaceName, m.suspended ? ' (suspended)' : ''))))));
    main.querySelector('button')?.focus();
    return;
  }
  await signedIn((await gql(ME)).me);
  announce('Signed in.');
}
