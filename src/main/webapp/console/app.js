// The Latchkey console: sign-in, the API keys page and (for admins) the users page.
// Plain ES modules, no build step: this one routes; dom.js, api.js, keys.js and users.js do the rest.

const BASE = new URL(document.baseURI).pathname;

import { h, show, field, closeMenus } from './dom.js';
import { api, state, isAdmin, onSessionLost } from './api.js';
import { showKeys } from './keys.js';
import { showUsers } from './users.js';

// ---------------------------------------------------------------- routing

function route() {
    const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
    return path.replace(/\/+$/, '');
}

function navigate(path, replace = false) {
    const target = BASE + path;
    if (replace) history.replaceState(null, '', target); else history.pushState(null, '', target);
    render();
}

document.addEventListener('click', event => {
    const link = event.target.closest('a[data-route]');
    if (link && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        navigate(link.getAttribute('href'));
    }
});
window.addEventListener('popstate', render);


async function render() {
    closeMenus();
    const main = document.getElementById('main');
    if (!state.me) {
        try {
            state.me = (await api('GET', 'me')).data;
            state.csrf = (await api('GET', 'session')).data.csrf_token;
        } catch (error) {
            state.me = null;
        }
    }
    const nav = document.getElementById('nav');
    nav.hidden = !state.me;
    if (!state.me) {
        showSignIn(main);
        return;
    }
    document.getElementById('whoami').textContent = state.me.email;
    document.getElementById('nav-users').hidden = !isAdmin();
    const path = route();
    for (const link of nav.querySelectorAll('a')) {
        link.toggleAttribute('aria-current', path.startsWith(link.getAttribute('href')));
        if (link.hasAttribute('aria-current')) link.setAttribute('aria-current', 'page');
    }
    if (path === 'users' && isAdmin()) {
        showUsers(main);
    } else if (path.startsWith('keys/')) {
        showKeys(main, decodeURIComponent(path.slice(5)));
    } else {
        if (path !== 'keys') history.replaceState(null, '', BASE + 'keys');
        showKeys(main, null);
    }
}

// ---------------------------------------------------------------- sign-in and sign-out

// Why a sign-in through the provider came back refused (?sign_in_error=<code>), in words.
const SIGN_IN_ERRORS = {
    oidc_state_invalid: 'That sign-in was not started in this browser, was used already or took too long. Sign in again.',
    oidc_token_invalid: 'The identity provider\'s answer could not be verified, so you were not signed in.',
    oidc_refused: 'The identity provider did not sign you in.',
    oidc_provider_unavailable: 'The identity provider cannot be reached right now. Try again shortly.',
    oidc_not_configured: 'Sign-in through the identity provider is misconfigured. Ask your operator.',
    organization_not_found: 'Sign-in through the identity provider is misconfigured (no such organization). Ask your operator.',
    email_taken: 'A Latchkey account with your email exists already, separate from the identity provider. Ask an admin.',
    user_deactivated: 'Your Latchkey account is deactivated. Ask an admin.',
    sign_ins_busy: 'Too many sign-ins are under way. Try again in a minute.'
};

async function signInMethods() {
    try {
        return (await api('GET', 'session/methods')).data;
    } catch (error) {
        return { passwords: 'all', providers: [], directory: null };
    }
}

async function showSignIn(main) {
    const returned = new URLSearchParams(location.search).get('sign_in_error');
    if (route() !== 'signin' || location.search) history.replaceState(null, '', BASE + 'signin');
    const methods = await signInMethods();
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
    const error = h('p', { class: 'error', role: 'alert' },
        returned ? (SIGN_IN_ERRORS[returned] || 'You were not signed in (' + returned + ').') : '');
    const providers = methods.providers.map(provider => provider.problem
        ? h('p', { class: 'error provider-problem' }, `Sign in with ${provider.name} is not available: ${provider.problem}`)
        : h('a', { class: 'button primary provider', href: provider.start }, `Sign in with ${provider.name}`));
    const directoryProblem = methods.directory && methods.directory.problem
        ? [h('p', { class: 'error' }, `Passwords of ${methods.directory.name} cannot be checked: ${methods.directory.problem}`)] : [];
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
    const form = h('form', { class: 'signin', onsubmit: async event => {
        event.preventDefault();
        error.textContent = '';
        submit.disabled = true;
        try {
            const session = await api('POST', 'session', { email: email.value, password: password.value });
            state.csrf = session.data.csrf_token;
            state.me = (await api('GET', 'me')).data;
            navigate('keys', true);
        } catch (failure) {
            error.textContent = failure.message;
        } finally {
            submit.disabled = false;
        }
    } },
        h('h1', {}, 'Sign in to Latchkey'),
        ...providers,
        ...(providers.length ? [h('p', { class: 'or' }, methods.passwords === 'break-glass'
            ? 'or, for break-glass admins, with a password' : 'or with your password')] : []),
        ...directoryProblem,
        field('Email', email), field('Password', password), error,
        h('div', { class: 'actions' }, submit));
    show(main, form);
    email.focus();
}

document.getElementById('sign-out').addEventListener('click', async () => {
    try {
        await api('DELETE', 'session');
    } finally {
        state.me = null;
        state.csrf = null;
        navigate('signin');
    }
});

onSessionLost(() => navigate('signin'));

render();
