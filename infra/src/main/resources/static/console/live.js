import {session} from './api.js';

let sequence = 0;

/**
 * One GraphQL subscription over graphql-transport-ws, on a socket of its own, with the token and workspace in
 * `connection_init` as the API asks. Returns the function that ends it; views call it when they are left.
 */
export function subscribe(query, variables, {next, error = () => {}, complete = () => {}}) {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const socket = new WebSocket(scheme + location.host + '/graphql', 'graphql-transport-ws');
  const id = String(++sequence);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({id, type: 'complete'}));
    socket.close(1000);
  };
  socket.addEventListener('open', () => socket.send(JSON.stringify({type: 'connection_init', payload: {
    Authorization: 'Bearer ' + session.token, 'X-SecretLedger-Workspace': session.workspaceId}})));
  socket.addEventListener('message', event => {
    const message = JSON.parse(event.data);
    switch (message.type) {
      case 'connection_ack':
        socket.send(JSON.stringify({id, type: 'subscribe', payload: {query, variables}}));
        break;
      case 'ping':
        socket.send(JSON.stringify({type: 'pong'}));
        break;
      case 'next':
        if (message.payload.errors?.length) error(message.payload.errors);
        else next(message.payload.data);
        break;
      case 'error':
        error(message.payload);
        break;
      case 'complete':
        ended = true;
        complete();
        socket.close(1000);
        break;
    }
  });
  socket.addEventListener('close', () => { if (!ended) { ended = true; complete(); } });
  return end;
}
