import {session} from './api.js';

let sequence = 0;
// One socket per signed-in session, shared by every subscription open in the tab (graphql-transport-ws carries many
// on one connection): a list that follows each of its rows opens one socket, not one per row.
let shared = null;

/**
 * One GraphQL subscription over graphql-transport-ws, with the token and workspace in `connection_init` as the API
 * asks. Returns the function that ends it; views call it when they are left. The socket closes with its last
 * subscription.
 */
export function subscribe(query, variables, {next, error = () => {}, complete = () => {}}) {
  const connection = connect();
  const id = String(++sequence);
  const subscription = {next, error, complete, ended: false};
  connection.subscriptions.set(id, subscription);
  const start = () => connection.socket.send(JSON.stringify({id, type: 'subscribe', payload: {query, variables}}));
  if (connection.acknowledged) start(); else connection.waiting.push(start);
  return () => {
    if (subscription.ended) return;
    subscription.ended = true;
    connection.subscriptions.delete(id);
    if (connection.socket.readyState === WebSocket.OPEN && connection.acknowledged) {
      connection.socket.send(JSON.stringify({id, type: 'complete'}));
    }
    closeIfUnused(connection);
  };
}

function connect() {
  const key = session.token + ' ' + session.workspaceId;
  if (shared && shared.key === key && shared.socket.readyState <= WebSocket.OPEN) return shared;
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const socket = new WebSocket(scheme + location.host + '/graphql', 'graphql-transport-ws');
  const connection = {key, socket, acknowledged: false, waiting: [], subscriptions: new Map()};
  shared = connection;
  socket.addEventListener('open', () => socket.send(JSON.stringify({type: 'connection_init', payload: {
    Authorization: 'Bearer ' + session.token, 'X-SecretLedger-Workspace': session.workspaceId}})));
  socket.addEventListener('message', event => {
    const message = JSON.parse(event.data);
    const subscription = message.id ? connection.subscriptions.get(message.id) : null;
    switch (message.type) {
      case 'connection_ack':
        connection.acknowledged = true;
        for (const start of connection.waiting.splice(0)) start();
        break;
      case 'ping':
        socket.send(JSON.stringify({type: 'pong'}));
        break;
      case 'next':
        if (!subscription) break;
        if (message.payload.errors?.length) subscription.error(message.payload.errors);
        else subscription.next(message.payload.data);
        break;
      case 'error':
        // The operation ends with its error (no complete follows).
        if (!subscription) break;
        subscription.ended = true;
        connection.subscriptions.delete(message.id);
        subscription.error(message.payload);
        closeIfUnused(connection);
        break;
      case 'complete':
        if (!subscription) break;
        subscription.ended = true;
        connection.subscriptions.delete(message.id);
        subscription.complete();
        closeIfUnused(connection);
        break;
    }
  });
  socket.addEventListener('close', () => {
    if (shared === connection) shared = null;
    for (const subscription of connection.subscriptions.values()) {
      if (!subscription.ended) { subscription.ended = true; subscription.complete(); }
    }
    connection.subscriptions.clear();
  });
  return connection;
}

function closeIfUnused(connection) {
  if (connection.subscriptions.size > 0) return;
  if (shared === connection) shared = null;
  if (connection.socket.readyState <= WebSocket.OPEN) connection.socket.close(1000);
}
