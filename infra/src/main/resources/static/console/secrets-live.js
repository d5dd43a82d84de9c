import {session} from './api.js';
import {subscribe} from './live.js';
import {currentCaller} from './app.js';

// What the audit log records of a secret without changing what the list shows.
const UNSHOWN = new Set(['SecretRevealed', 'SecretFileDownloaded', 'SecretKeyUsed', 'SecretUsed', 'SecretUseAuthorized',
  'SecretUseRefused']);
const LIST_LIVE = `subscription SecretsLive { auditLogAdded { action targetType targetId } }`;
const ROW_LIVE = `subscription SecretRow($id: ID!) { secretChanged(id: $id) { id version } }`;

/**
 * Keeps the open list up to date while someone else creates, changes or deletes secrets: an owner through the
 * audit log's new entries (every secret of the workspace), anyone else through `secretChanged` of each secret on the
 * page (the API tells them of no new secret). `reload` reads the current page again; rows that did not change keep
 * their elements. Returns the function that ends every subscription.
 */
export function liveList(main, reload) {
  const ends = new Set();
  const timers = new Set();
  let ended = false;
  // The audit log and the list are read models of their own: an entry may come before the list has the change, so
  // the page is read again shortly after, and once more a little later.
  const at = delay => {
    const timer = setTimeout(function again() {
      timers.delete(timer);
      if (ended) return;
      // A load under way pushes its own cursor: read again once it is done, from the page shown.
      if (main.getAttribute('aria-busy') === 'true') { timers.add(setTimeout(again, 100)); return; }
      reload();
    }, delay);
    timers.add(timer);
  };
  const soon = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    at(250);
    at(1500);
  };
  const membership = currentCaller()?.memberships.find(m => m.workspaceId === session.workspaceId);
  if (membership?.permissions.includes('ACCOUNT_OWNER')) {
    ends.add(subscribe(LIST_LIVE, {}, {next: data => {
      const entry = data.auditLogAdded;
      if (entry.targetType === 'secret' && !UNSHOWN.has(entry.action)) soon();
    }}));
  } else {
    const watched = new Map();
    const watchRows = () => {
      const ids = new Set([...main.querySelectorAll('#secrets tbody a[href^="/secrets/"]')]
          .map(link => decodeURIComponent(link.getAttribute('href').slice('/secrets/'.length))));
      for (const [id, end] of watched) if (!ids.has(id)) { end(); ends.delete(end); watched.delete(id); }
      for (const id of ids) {
        if (watched.has(id)) continue;
        let first = true;
        const end = subscribe(ROW_LIVE, {id}, {next: () => { if (first) first = false; else soon(); },
          error: () => soon()});
        watched.set(id, end);
        ends.add(end);
      }
    };
    const rows = new MutationObserver(watchRows);
    rows.observe(main.querySelector('#secrets tbody'), {childList: true});
    ends.add(() => rows.disconnect());
    watchRows();
  }
  return () => {
    ended = true;
    for (const timer of timers) clearTimeout(timer);
    for (const end of ends) end();
    ends.clear();
  };
}
