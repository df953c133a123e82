// The console's API client: JSON in and out, the session's CSRF token on changes, problems as errors.

export const state = { me: null, csrf: null };

let sessionLost = () => {};

/** What to do when a signed-in session turns out to be gone (the router sends people to sign in). */
export function onSessionLost(handler) {
    sessionLost = handler;
}

export class ApiError extends Error {
    constructor(status, problem) {
        super(describe(problem, status));
        this.status = status;
        this.problem = problem;
    }
}

function describe(problem, status) {
    if (!problem) return `The server answered ${status}.`;
    const details = (problem.errors || []).map(e => `${e.field}: ${e.message}`).join('; ');
    return details || problem.detail || problem.title || `The server answered ${status}.`;
}

export async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (state.csrf && method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
    const response = await fetch(`api/v1/${path}`, {
        method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
        if (response.status === 401 && path !== 'session' && state.me) {
            state.me = null;
            sessionLost();
        }
        throw new ApiError(response.status, json);
    }
    return json;
}


export function isAdmin() {
    return state.me && state.me.roles.includes('admin');
}
