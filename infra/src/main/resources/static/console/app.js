import {h, replace, announce} from './dom.js';
import {gql, session, whenUnauthenticated} from './api.js';
import {signInPage} from './signin.js';
import {secretsPage} from './secrets.js';
import {secretPage} from './secret.js';
import {ticketPage} from './ticket.js';

// Each page is a module of its own; those not on every visit are loaded when first opened.
const lazy = (module, name) => () => import(module).then(loaded => loaded[name]);
const routes = [
  [/^\/(secrets)?$/, () => secretsPage],
  [/^\/secrets\/([^/]+)$/, () => secretPage],
  [/^\/tickets\/([^/]+)$/, () => ticketPage],
  [/^\/templates$/, lazy('./templates.js', 'templatesPage')],
  [/^\/audit$/, lazy('./audit.js', 'auditPage')],
  [/^\/auditor$/, lazy('./auditor.js', 'auditorPage')],
  [/^\/workspace$/, lazy('./workspace.js', 'workspacePage')],
  [/^\/members$/, lazy('./members.js', 'membersPage')],
  [/^\/service-accounts$/, lazy('./service-accounts.js', 'serviceAccountsPage')],
];
// The main menu: each entry also names the permission without which it is left out (null: everyone).
const menu = [
  ['/secrets', 'Secrets', null],
  ['/templates', 'Templates', null],
  ['/audit', 'Audit log', 'ACCOUNT_OWNER'],
  ['/auditor', 'Point in time', 'ACCOUNT_OWNER'],
  ['/members', 'Members', 'ACCOUNT_OWNER'],
  ['/service-accounts', 'Service accounts', 'ACCOUNT_OWNER'],
  ['/workspace', 'Workspace', 'ACCOUNT_OWNER'],
];

let leave = null;          // the open view's clean-up: hides revealed values, ends its subscriptions
let caller = null;         // `me` of the signed-in person, in memory only

export function navigate(path, {replaceState = false} = {}) {
  if (replaceState) history.replaceState(null, '', path); else history.pushState(null, '', path);
  render();
}

export function currentCaller() { return caller; }

export async function signedIn(me) {
  caller = me;
  await render();
}

export function signOut(message) {
  session.signOut();
  caller = null;
  render().then(() => message && announce(message));
}

whenUnauthenticated(() => {
  if (session.token) signOut('Your sign-in has expired or was refused: sign in again.');
});

async function render() {
  if (leave) { try { leave(); } catch (e) { /* a view's clean-up must not keep the next one away */ } leave = null; }
  const main = document.getElementById('main');
  replace(main);
  if (!session.token || !session.workspaceId || !caller) {
    if (session.token && session.workspaceId && !caller) {
      try { caller = (await gql(ME)).me; } catch (e) { caller = null; }
    }
    if (!caller) {
      header(null);
      leave = signInPage(main) ?? null;
      return;
    }
  }
  header(caller);
  // The provider's answer reaching a tab that is signed in already (a second tab, the back button) leads home.
  if (location.pathname === '/signin/callback') history.replaceState(null, '', '/');
  const path = location.pathname;
  for (const [pattern, view] of routes) {
    const match = pattern.exec(path);
    if (match) {
      let page;
      try {
        page = await view();
      } catch (e) {
        page = null;
      }
      if (!page) break;
      leave = (await page(main, match.slice(1).filter(Boolean).map(decodeURIComponent))) ?? null;
      main.focus({preventScroll: true});
      return;
    }
  }
  replace(main, h('h1', {}, 'Not found'), h('p', {}, h('a', {href: '/secrets'}, 'Back to the secrets')));
}

function header(me) {
  const top = document.getElementById('top');
  if (!me) { top.hidden = true; replace(top); return; }
  const membership = me.memberships.find(m => m.workspaceId === session.workspaceId);
  top.hidden = false;
  replace(top,
      h('a', {class: 'brand', href: '/secrets'}, 'SecretLedger'),
      h('nav', {'aria-label': 'Main'}, h('ul', {}, menu
          .filter(([, , permission]) => !permission || !membership || membership.permissions.includes(permission))
          .map(([href, label]) => h('li', {}, h('a', {href}, label))))),
      h('div', {class: 'who'},
          h('span', {class: 'workspace', title: 'Workspace'}, membership?.workspaceName ?? ''),
          ' ',
          h('span', {class: 'email'}, me.email ?? ''),
          ' ',
          me.memberships.length > 1 ? h('button', {type: 'button', onclick: () => {
            session.chooseWorkspace(null);
            caller = null;
            render();
          }}, 'Switch workspace') : null,
          h('button', {type: 'button', onclick: () => signOut('Signed out.')}, 'Sign out')));
}

export const ME = `query Me { me { type email memberId workspaceId operator
  memberships { workspaceId workspaceName memberId email permissions suspended } } }`;

document.addEventListener('click', event => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
      || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/graphiql') || url.hash && url.pathname === location.pathname) return;
  event.preventDefault();
  navigate(url.pathname);
});
window.addEventListener('popstate', () => render());
// A page the person leaves (another site, a closed tab, the back-forward cache) keeps no revealed value.
window.addEventListener('pagehide', () => { if (leave) leave(); });

render();
