// The Latchkey console: sign-in, the API keys page and (for admins) the users page.
// Plain DOM code, no build step. Every value from the API goes through textContent, never innerHTML.

const BASE = new URL(document.baseURI).pathname;
const PAGE_SIZE = 20;
const state = { me: null, csrf: null };

// ---------------------------------------------------------------- small helpers

function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === false || value === null || value === undefined) continue;
        if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
        else if (name === 'class') element.className = value;
        else element.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
        if (child === null || child === undefined || child === false) continue;
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
}

function show(container, ...nodes) {
    container.replaceChildren(...nodes.flat().filter(node => node !== null && node !== undefined && node !== false));
}

let fieldCounter = 0;
function field(label, input) {
    input.id = input.id || `field-${++fieldCounter}`;
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
}

function day(iso) {
    return iso ? iso.slice(0, 10) : '--';
}

class ApiError extends Error {
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

async function api(method, path, body) {
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
            navigate('signin');
        }
        throw new ApiError(response.status, json);
    }
    return json;
}

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

function isAdmin() {
    return state.me && state.me.roles.includes('admin');
}

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

function showSignIn(main) {
    if (route() !== 'signin') history.replaceState(null, '', BASE + 'signin');
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
    const error = h('p', { class: 'error', role: 'alert' });
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

// ---------------------------------------------------------------- dialogs and menus

function dialog(title, content, actions) {
    const error = h('p', { class: 'error', role: 'alert' });
    const element = h('dialog', { 'aria-labelledby': 'dialog-title' },
        h('h2', { id: 'dialog-title' }, title), content, error, h('div', { class: 'actions' }, actions));
    element.addEventListener('close', () => element.remove());
    document.body.append(element);
    element.showModal();
    return { element, error, close: () => element.close() };
}

function confirmDialog(title, message, confirmLabel, danger, onConfirm) {
    const confirm = h('button', { type: 'button', class: danger ? 'danger' : 'primary' }, confirmLabel);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const d = dialog(title, h('p', {}, message), [cancel, confirm]);
    cancel.addEventListener('click', d.close);
    confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        try {
            await onConfirm();
            d.close();
        } catch (failure) {
            d.error.textContent = failure.message;
            confirm.disabled = false;
        }
    });
    cancel.focus();
}

function closeMenus() {
    for (const menu of document.querySelectorAll('[role=menu]')) {
        menu.hidden = true;
        menu.previousElementSibling?.setAttribute('aria-expanded', 'false');
    }
}

document.addEventListener('click', event => {
    if (!event.target.closest('.menu-wrap')) closeMenus();
});
document.addEventListener('keydown', event => {
    if (event.key === 'Escape') closeMenus();
});

function menu(label, items) {
    const list = h('div', { role: 'menu', hidden: true, 'aria-label': label },
        items.map(([text, action, danger]) => h('button', {
            type: 'button', role: 'menuitem', class: danger ? 'danger-text' : null,
            onclick: () => { closeMenus(); action(); }
        }, text)));
    const toggle = h('button', {
        type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': label,
        onclick: () => {
            const open = list.hidden;
            closeMenus();
            list.hidden = !open;
            toggle.setAttribute('aria-expanded', String(open));
            if (open) list.querySelector('button')?.focus();
        }
    }, '⋯');
    return h('div', { class: 'menu-wrap' }, toggle, list);
}

// ---------------------------------------------------------------- the API keys page

const ACCESS = { read_write: 'Read & write', read_only: 'Read-only' };
const STATUS = { active: 'Active', revoked: 'Revoked', expired: 'Expired' };

function showKeys(main, onlyKeyId) {
    const search = h('input', { type: 'search', id: 'key-search', placeholder: 'Filter by description' });
    const create = h('button', { type: 'button', class: 'primary', onclick: () => createKeyDialog(load) }, 'Create API key');
    const error = h('p', { class: 'error', role: 'alert' });
    const body = h('tbody');
    const pageText = h('span', { class: 'muted', 'aria-live': 'polite' });
    const previous = h('button', { type: 'button' }, 'Previous');
    const next = h('button', { type: 'button' }, 'Next');
    let offset = 0;
    const headers = ['Key', 'Description', 'Access', 'Last used', 'Created', 'Expires', 'Status'];
    if (isAdmin()) headers.push('Owner');
    headers.push('Actions');

    async function load() {
        error.textContent = '';
        try {
            let keys, pagination;
            if (onlyKeyId) {
                keys = [(await api('GET', `keys/${encodeURIComponent(onlyKeyId)}`)).data];
                pagination = { total: 1, limit: 1, offset: 0, has_more: false };
            } else {
                const query = new URLSearchParams({ limit: PAGE_SIZE, offset });
                if (search.value.trim()) query.set('q', search.value.trim());
                const page = await api('GET', `keys?${query}`);
                keys = page.data;
                pagination = page.pagination;
            }
            body.replaceChildren(...(keys.length ? keys.map(key => keyRow(key, load)) :
                [h('tr', {}, h('td', { colspan: headers.length, class: 'empty' },
                    search.value ? 'No keys match this search.' : 'No API keys yet. Create one to get started.'))]));
            const first = pagination.total === 0 ? 0 : pagination.offset + 1;
            pageText.textContent = `${first}–${pagination.offset + keys.length} of ${pagination.total}`;
            previous.disabled = pagination.offset === 0;
            next.disabled = !pagination.has_more;
        } catch (failure) {
            error.textContent = failure.message;
        }
    }

    let timer;
    search.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => { offset = 0; load(); }, 250);
    });
    previous.addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); load(); });
    next.addEventListener('click', () => { offset += PAGE_SIZE; load(); });

    show(main, 
        h('h1', {}, 'API keys'),
        h('p', { class: 'lead' }, isAdmin()
            ? 'Keys of everyone in your organization. A key can do what its owner can, and no more.'
            : 'Your keys. A key can do what you can, and no more.'),
        onlyKeyId ? h('p', { class: 'notice' }, 'Showing one key. ', h('a', { href: 'keys', 'data-route': true }, 'Show all keys')) : null,
        h('div', { class: 'toolbar' },
            onlyKeyId ? h('span') : h('label', { for: 'key-search' }, 'Search keys', search), create),
        error,
        h('table', { 'aria-label': 'API keys' },
            h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))), body),
        onlyKeyId ? null : h('div', { class: 'pager' }, pageText, previous, next));
    load();
}

function keyRow(key, reload) {
    const items = [['Copy masked key', () => navigator.clipboard?.writeText(key.masked_key)]];
    // the API says what this caller may do with the key: a key of someone with more roles can only be revoked
    const allowed = key.actions || [];
    if (allowed.includes('edit')) items.push(['Edit', () => editKeyDialog(key, reload)]);
    if (allowed.includes('regenerate')) items.push(['Regenerate', () => regenerateDialog(key, reload)]);
    if (allowed.includes('revoke')) items.push(['Revoke', () => revokeDialog(key, reload), true]);
    const cells = [
        h('td', { class: 'nowrap' }, h('code', {}, key.masked_key)),
        h('td', {}, key.description),
        h('td', { class: 'nowrap' }, ACCESS[key.access] || key.access),
        h('td', { class: 'nowrap' }, key.last_used_at ? day(key.last_used_at) : '--'),
        h('td', { class: 'nowrap' }, day(key.created_at)),
        h('td', { class: 'nowrap' }, day(key.expires_at)),
        h('td', {}, h('span', { class: `status ${key.status}` }, STATUS[key.status] || key.status))
    ];
    if (isAdmin()) cells.push(h('td', {}, key.owner.email));
    cells.push(h('td', {}, menu(`Actions for ${key.description}`, items)));
    return h('tr', { 'data-key-id': key.id }, cells);
}

function accessChoices(selected) {
    const choice = (value, label, help) => {
        const input = h('input', { type: 'radio', name: 'access', value, id: `access-${value}`, checked: value === selected });
        return h('div', { class: 'choice' }, input,
            h('label', { for: input.id }, label, h('small', {}, help)));
    };
    return h('fieldset', {}, h('legend', {}, 'Access level'),
        choice('read_write', 'Read and write', 'Can read and change everything its owner can, through the API.'),
        choice('read_only', 'Read-only', 'Can only read (GET requests); every change is refused.'));
}

function expiryChoices() {
    const max = state.me.key_policy.max_key_lifetime_days;
    const today = new Date();
    const iso = days => new Date(today.getTime() + days * 86400000).toISOString().slice(0, 10);
    const date = h('input', { type: 'date', id: 'expiry-date', min: iso(1), max: iso(max), disabled: true, value: iso(90) });
    const choice = (value, label, checked) => {
        const input = h('input', { type: 'radio', name: 'expiry', value, id: `expiry-${value}`, checked,
            onchange: () => { date.disabled = value !== 'custom'; } });
        return h('div', { class: 'choice' }, input, h('label', { for: input.id }, label));
    };
    const options = [];
    if (max >= 30) options.push(choice('30', '30 days', false));
    if (max >= 180) options.push(choice('180', '180 days (recommended)', true));
    options.push(choice('custom', 'Custom date', max < 180));
    if (max < 180) date.disabled = false;
    return h('fieldset', {}, h('legend', {}, 'Expiration'), options,
        h('div', { class: 'field' }, h('label', { for: date.id }, `Expiration date (at most ${max} days ahead)`), date));
}

function expiryOf(form) {
    const chosen = form.querySelector('input[name=expiry]:checked').value;
    if (chosen === 'custom') return { expires_at: form.querySelector('#expiry-date').value || 'missing date' };
    return { expires_in_days: Number(chosen) };
}

function createKeyDialog(reload) {
    const description = h('input', { type: 'text', maxlength: 200, required: true });
    const form = h('form', { id: 'create-key-form' }, field('Description', description), accessChoices('read_write'), expiryChoices());
    const submit = h('button', { type: 'submit', form: 'create-key-form', class: 'primary' }, 'Create key');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const d = dialog('Create API key', form, [cancel, submit]);
    cancel.addEventListener('click', d.close);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        submit.disabled = true;
        try {
            const created = await api('POST', 'keys', {
                description: description.value,
                access: form.querySelector('input[name=access]:checked').value,
                ...expiryOf(form)
            });
            d.close();
            showSecret(created.data, 'Your new API key');
            reload();
        } catch (failure) {
            d.error.textContent = failure.message;
            submit.disabled = false;
        }
    });
    description.focus();
}

function showSecret(key, title) {
    const secret = h('input', { type: 'text', readonly: true, class: 'secret', value: key.api_key });
    const copied = h('span', { class: 'muted', 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', onclick: async () => {
        secret.select();
        try {
            await navigator.clipboard.writeText(key.api_key);
            copied.textContent = 'Copied.';
        } catch (e) {
            copied.textContent = 'Select the key and copy it yourself.';
        }
    } }, 'Copy');
    const download = h('button', { type: 'button', onclick: () => {
        const blob = new Blob([`${key.description}\n${key.api_key}\nexpires ${key.expires_at}\n`], { type: 'text/plain' });
        const href = URL.createObjectURL(blob);
        const link = h('a', { href, download: `latchkey-${key.id}.txt` });
        document.body.append(link);
        link.click();
        link.remove();
        // the blob holds the secret: let it go as soon as the download has started
        setTimeout(() => URL.revokeObjectURL(href), 1000);
    } }, 'Download .txt');
    const done = h('button', { type: 'button', class: 'primary' }, 'Done');
    const d = dialog(title, [
        h('p', { class: 'warning', role: 'note' },
            'Copy this key now. It will not be shown again: Latchkey keeps only a fingerprint of it.'),
        field('API key', secret),
        h('p', {}, copy, ' ', download, ' ', copied)
    ], [done]);
    done.addEventListener('click', d.close);
    secret.select();
}

function editKeyDialog(key, reload) {
    const description = h('input', { type: 'text', maxlength: 200, required: true, value: key.description });
    const form = h('form', { id: 'edit-key-form' }, field('Description', description), accessChoices(key.access),
        h('p', { class: 'muted' }, 'The key value does not change; integrations keep using the same key.'));
    const save = h('button', { type: 'submit', form: 'edit-key-form', class: 'primary' }, 'Save');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const d = dialog('Edit API key', form, [cancel, save]);
    cancel.addEventListener('click', d.close);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        save.disabled = true;
        try {
            await api('PATCH', `keys/${key.id}`, {
                description: description.value,
                access: form.querySelector('input[name=access]:checked').value
            });
            d.close();
            reload();
        } catch (failure) {
            d.error.textContent = failure.message;
            save.disabled = false;
        }
    });
    description.focus();
}

function regenerateDialog(key, reload) {
    confirmDialog('Regenerate API key?',
        `“${key.description}” gets a new secret. The current one stops working at once, so every integration`
        + ' using it must be given the new key.', 'Regenerate key', false, async () => {
            const regenerated = await api('POST', `keys/${key.id}/regenerate`, {});
            showSecret(regenerated.data, 'Your regenerated API key');
            reload();
        });
}

function revokeDialog(key, reload) {
    confirmDialog('Revoke API key?',
        `Integrations using “${key.description}” will start failing immediately. This cannot be undone.`,
        'Revoke key', true, async () => {
            await api('DELETE', `keys/${key.id}`);
            reload();
        });
}

// ---------------------------------------------------------------- the users page (admins)

const ROLES = [['admin', 'Admin'], ['token-manager', 'API Token Manager'], ['member', 'Member']];
const ROLE_NAMES = { ...Object.fromEntries(ROLES), operator: 'Operator' };

function roleChoices(selected) {
    return h('fieldset', {}, h('legend', {}, 'Roles'), ROLES.map(([value, label]) => {
        const input = h('input', { type: 'checkbox', name: 'roles', value, id: `role-${value}`, checked: selected.includes(value) });
        return h('div', { class: 'choice' }, input, h('label', { for: input.id }, label));
    }));
}

function rolesOf(form) {
    return [...form.querySelectorAll('input[name=roles]:checked')].map(input => input.value);
}

function showUsers(main) {
    const error = h('p', { class: 'error', role: 'alert' });
    const body = h('tbody');
    async function load() {
        error.textContent = '';
        try {
            const page = await api('GET', 'users?limit=200');
            body.replaceChildren(...page.data.map(user => h('tr', {},
                h('td', {}, user.email), h('td', {}, user.name),
                h('td', {}, user.roles.map(role => ROLE_NAMES[role] || role).join(', ')),
                h('td', {}, h('span', { class: `status ${user.active ? 'active' : 'revoked'}` }, user.active ? 'Active' : 'Deactivated')),
                h('td', {}, h('button', { type: 'button', onclick: () => rolesDialog(user, load) }, `Edit roles of ${user.email}`), ' ',
                    h('button', { type: 'button', onclick: () => activation(user, load) },
                        `${user.active ? 'Deactivate' : 'Activate'} ${user.email}`)))));
        } catch (failure) {
            error.textContent = failure.message;
        }
    }
    show(main, 
        h('h1', {}, 'Users'),
        h('p', { class: 'lead' }, 'People of your organization. Admins manage users and every key; API Token Managers manage their own keys.'),
        h('div', { class: 'toolbar' }, h('span'), h('button', { type: 'button', class: 'primary', onclick: () => addUserDialog(load) }, 'Add user')),
        error,
        h('table', { 'aria-label': 'Users' }, h('thead', {}, h('tr', {},
            ['Email', 'Name', 'Roles', 'Status', 'Actions'].map(text => h('th', { scope: 'col' }, text)))), body));
    load();
}

function addUserDialog(reload) {
    const email = h('input', { type: 'email', required: true });
    const name = h('input', { type: 'text', required: true });
    const password = h('input', { type: 'password', minlength: 12, required: true, autocomplete: 'new-password' });
    const form = h('form', { id: 'add-user-form' }, field('Email', email), field('Name', name),
        field('Initial password (at least 12 characters)', password), roleChoices(['token-manager']));
    const submit = h('button', { type: 'submit', form: 'add-user-form', class: 'primary' }, 'Add user');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const d = dialog('Add user', form, [cancel, submit]);
    cancel.addEventListener('click', d.close);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        submit.disabled = true;
        try {
            await api('POST', 'users', { email: email.value, name: name.value, password: password.value, roles: rolesOf(form) });
            d.close();
            reload();
        } catch (failure) {
            d.error.textContent = failure.message;
            submit.disabled = false;
        }
    });
    email.focus();
}

function rolesDialog(user, reload) {
    const form = h('form', { id: 'roles-form' }, roleChoices(user.roles));
    const save = h('button', { type: 'submit', form: 'roles-form', class: 'primary' }, 'Save roles');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const d = dialog(`Roles of ${user.email}`, form, [cancel, save]);
    cancel.addEventListener('click', d.close);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        try {
            // roles the dialog does not offer (operator) are kept as they are, never dropped
            const hidden = user.roles.filter(role => !ROLES.some(([value]) => value === role));
            await api('PATCH', `users/${user.id}`, { roles: [...rolesOf(form), ...hidden] });
            d.close();
            reload();
        } catch (failure) {
            d.error.textContent = failure.message;
        }
    });
}

function activation(user, reload) {
    if (!user.active) {
        api('PATCH', `users/${user.id}`, { active: true }).then(reload, failure => alert(failure.message));
        return;
    }
    confirmDialog(`Deactivate ${user.email}?`, 'They can no longer sign in, and all their API keys stop working at once.',
        'Deactivate', true, async () => {
            await api('PATCH', `users/${user.id}`, { active: false });
            reload();
        });
}

render();
