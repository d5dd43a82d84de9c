import {h, replace, announce} from './dom.js';
import {gql, session, ApiError} from './api.js';
import {signedIn, ME} from './app.js';

/** Sign in with a bearer token (the local issuer's, or one the identity provider issued), then choose a workspace. */
export function signInPage(main) {
  if (session.token) {
    chooseWorkspace(main);
    return;
  }
  const error = h('p', {class: 'error', role: 'alert', hidden: true});
  const token = h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help'});
  const form = h('form', {class: 'card signin', onsubmit: async event => {
    event.preventDefault();
    error.hidden = true;
    session.signIn(token.value.trim());
    token.value = '';
    try {
      const me = (await gql(ME)).me;
      await afterSignIn(main, me);
    } catch (e) {
      session.signOut();
      error.textContent = e instanceof ApiError && e.code === 'UNAUTHENTICATED'
          ? 'This token is not accepted: it is invalid or expired.' : e.message;
      error.hidden = false;
      token.focus();
    }
  }},
  h('h1', {}, 'Sign in to SecretLedger'),
  h('label', {for: 'token'}, 'Token'),
  token,
  h('p', {id: 'token-help', class: 'help'},
      'The token the service printed on its first start, or one an owner issued you. It is kept in this tab only.'),
  error,
  h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  replace(main, form);
  token.focus();
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
    throw new Error('This token belongs to no workspace member. The console is for members of a workspace.');
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
