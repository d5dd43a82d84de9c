import {subscribe} from './live.js';

const LIVE = `subscription SecretsLive { secretsChanged { id version } }`;

/**
 * Keeps the open list up to date while someone else creates, changes, deletes or restores secrets, through
 * `secretsChanged` (each secret of the workspace the person may see, sent once the list's read model has it).
 * `reload` reads the current page again; rows that did not change keep their elements. Changes that come close
 * together are read once. Returns the function that ends the subscription.
 */
export function liveList(main, reload) {
  let timer = null;
  let ended = false;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(function again() {
      if (ended) return;
      // A load under way pushes its own cursor: read again once it is done, from the page shown.
      if (main.getAttribute('aria-busy') === 'true') { timer = setTimeout(again, 100); return; }
      reload();
    }, 100);
  };
  const end = subscribe(LIVE, {}, {next: soon, error: () => {}});
  return () => {
    ended = true;
    clearTimeout(timer);
    end();
  };
}
