// The console is a client of the public API like any other: GraphQL over HTTP (and graphql-transport-ws), with the
// person's bearer token and chosen workspace. The token lives in this tab's sessionStorage only (ADR 0029): never in
// localStorage, a cookie or an address, and it is forgotten on sign-out or when the tab closes.

const TOKEN = 'secretledger.console.token';
const WORKSPACE = 'secretledger.console.workspace';

export const session = {
  get token() { return sessionStorage.getItem(TOKEN); },
  get workspaceId() { return sessionStorage.getItem(WORKSPACE); },
  signIn(token) { sessionStorage.setItem(TOKEN, token); sessionStorage.removeItem(WORKSPACE); },
  chooseWorkspace(id) { if (id) sessionStorage.setItem(WORKSPACE, id); else sessionStorage.removeItem(WORKSPACE); },
  signOut() { sessionStorage.removeItem(TOKEN); sessionStorage.removeItem(WORKSPACE); },
};

/** An answer with errors: `code` and `field` of the first, all of them in `errors`. */
export class ApiError extends Error {
  constructor(errors, data = null) {
    super(errors.map(e => e.message).join(' '));
    this.errors = errors;
    this.data = data;
    this.code = errors[0]?.extensions?.code ?? 'INTERNAL';
    this.field = errors[0]?.extensions?.field ?? null;
    this.extensions = errors[0]?.extensions ?? {};
  }

  /** Whether any error has this code (and, if given, this field). */
  has(code, field) {
    return this.errors.some(e => e.extensions?.code === code && (field === undefined || e.extensions?.field === field));
  }
}

let onUnauthenticated = () => {};
export function whenUnauthenticated(handler) { onUnauthenticated = handler; }

export function headers(extra = {}) {
  const result = {...extra};
  if (session.token) result.Authorization = 'Bearer ' + session.token;
  if (session.workspaceId) result['X-SecretLedger-Workspace'] = session.workspaceId;
  return result;
}

/** A JSON call to the service: its answer and body, or the ApiError of a service that cannot be reached or read. */
async function fetchJson(path, init) {
  let response;
  try {
    response = await fetch(path, {credentials: 'omit', cache: 'no-store', ...init});
  } catch (e) {
    throw new ApiError([{message: 'SecretLedger cannot be reached.', extensions: {code: 'UNAVAILABLE'}}]);
  }
  try {
    return {response, body: await response.json()};
  } catch (e) {
    throw new ApiError([{message: `SecretLedger answered ${response.status}.`, extensions: {code: 'INTERNAL'}}]);
  }
}

export async function gql(query, variables = {}) {
  const {response, body} = await fetchJson('/graphql', {
    method: 'POST',
    headers: headers({'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json'}),
    body: JSON.stringify({query, variables}),
  });
  const errors = body.errors ?? [];
  if (response.status === 401 || errors.some(e => e.extensions?.code === 'UNAUTHENTICATED')) {
    onUnauthenticated();
  }
  if (errors.length) throw new ApiError(errors, body.data);
  return body.data;
}

/** The service's own sign-in endpoints (ADR 0030): JSON in and out, errors in the API's shape. */
async function signInCall(path, init) {
  const {response, body} = await fetchJson(path, init);
  if (body.errors?.length) throw new ApiError(body.errors);
  if (!response.ok) throw new ApiError([{message: `SecretLedger answered ${response.status}.`, extensions: {code: 'INTERNAL'}}]);
  return body;
}

/** The team's provider if the console signs in there (its name, authorization endpoint, client id, scopes), else null. */
export async function signInProvider() {
  return (await signInCall('/signin/config', {headers: {Accept: 'application/json'}})).provider ?? null;
}

/** The provider's code and this tab's PKCE verifier for the access token the API accepts, through the service. */
export async function exchangeCode(code, codeVerifier, redirectUri) {
  const token = (await signInCall('/signin/token', {method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify({code, codeVerifier, redirectUri})})).accessToken;
  if (!token) throw new ApiError([{message: 'SecretLedger answered no token.', extensions: {code: 'INTERNAL'}}]);
  return token;
}
