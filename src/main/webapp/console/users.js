// The users page (admins): add users, change roles, deactivate and activate.

import { h, show, field, dialog, confirmDialog, pagedTable } from './dom.js';
import { api } from './api.js';

const ROLES = [['admin', 'Admin'], ['token-manager', 'API Token Manager'], ['member', 'Member']];
const ROLE_NAMES = { ...Object.fromEntries(ROLES), operator: 'Operator' };

function roleChoices(selected) {
    return h('fieldset', {}, h('legend', {}, 'Roles'), ROLES.map(([value, label]) => {
        const input = h('input', { type: 'checkbox', name: 'roles', value, id: `role-${value}`, checked: selected.includes(value) });
        return h('div', { class: 'choice' }, input, h('label', { for: input.id }, label));
    }));
}

// Where a user's identity lives: their roles follow the provider's or directory's groups, not this page.
const SOURCES = { local: 'Latchkey password', oidc: 'Identity provider', ldap: 'Directory', service: 'Never (service account)' };

function rolesOf(form) {
    return [...form.querySelectorAll('input[name=roles]:checked')].map(input => input.value);
}

export function showUsers(main) {
    const error = h('p', { class: 'error', role: 'alert' });
    const body = h('tbody');
    const search = h('input', { type: 'search', id: 'user-search', placeholder: 'Email or name' });
    const { load, pager } = pagedTable({
        body, error, search, columns: 6,
        fetch: query => { query.set('kind', 'person'); return api('GET', `users?${query}`); },
        row: userRow,
        empty: () => 'No users match this search.'
    });
    // service accounts apart: no person signs in as one; someone answers for each
    const accountsError = h('p', { class: 'error', role: 'alert' });
    const accountsBody = h('tbody');
    const accounts = pagedTable({
        body: accountsBody, error: accountsError, search: h('input', { type: 'hidden' }), columns: 5,
        fetch: query => { query.set('kind', 'service'); return api('GET', `users?${query}`); },
        row: serviceAccountRow,
        empty: () => 'No service accounts. An admin creates them through the API (POST /api/v1/service-accounts).'
    });
    show(main, 
        h('h1', {}, 'Users'),
        h('p', { class: 'lead' }, 'People of your organization. Admins manage users and every key; API Token Managers manage their own keys.'),
        directorySync(load),
        h('div', { class: 'toolbar' }, h('label', { for: 'user-search' }, 'Search users', search),
            h('button', { type: 'button', class: 'primary', onclick: () => addUserDialog(load) }, 'Add user')),
        error,
        h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Users' }, h('thead', {}, h('tr', {},
            ['Email', 'Name', 'Roles', 'Signs in with', 'Status', 'Actions'].map(text => h('th', { scope: 'col' }, text)))), body)),
        pager,
        h('h2', {}, 'Service accounts'),
        h('p', { class: 'muted' }, 'Users that are no person: they never sign in, own keys that outlive whoever made them,'
            + ' and name the person who answers for them.'),
        accountsError,
        h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Service accounts' }, h('thead', {}, h('tr', {},
            ['Name', 'Roles', 'Answered for by', 'Status', 'Actions'].map(text => h('th', { scope: 'col' }, text)))), accountsBody)),
        accounts.pager);
    load();
    accounts.load();
}

function serviceAccountRow(account, reload) {
    const person = account.responsible;
    return h('tr', {},
        h('td', {}, account.name),
        h('td', {}, account.roles.map(role => ROLE_NAMES[role] || role).join(', ')),
        h('td', {}, person ? person.email : '--',
            person && !person.active ? h('strong', { class: 'error' }, ' (deactivated: name someone else)') : null),
        h('td', {}, h('span', { class: `status ${account.active ? 'active' : 'revoked'}` }, account.active ? 'Active' : 'Deactivated')),
        h('td', {}, h('button', { type: 'button', onclick: () => rolesDialog(account, reload) }, `Edit roles of ${account.name}`), ' ',
            h('button', { type: 'button', onclick: () => activation(account, reload) },
                `${account.active ? 'Deactivate' : 'Activate'} ${account.name}`)));
}

function userRow(user, reload) {
    return h('tr', {},
        h('td', {}, user.email), h('td', {}, user.name),
        h('td', {}, user.roles.map(role => ROLE_NAMES[role] || role).join(', '),
            user.identity_source === 'local' ? '' : h('span', { class: 'muted' }, ' (from groups)')),
        h('td', {}, SOURCES[user.identity_source] || user.identity_source),
        h('td', {}, h('span', { class: `status ${user.active ? 'active' : 'revoked'}` }, user.active ? 'Active' : 'Deactivated')),
        h('td', {}, user.identity_source === 'local'
            ? h('button', { type: 'button', onclick: () => rolesDialog(user, reload) }, `Edit roles of ${user.email}`) : '', ' ',
            h('button', { type: 'button', onclick: () => activation(user, reload) },
                `${user.active ? 'Deactivate' : 'Activate'} ${user.email}`)));
}

// The directory sync, for admins of the directory's organization only (for anyone else the API says 403 or
// 409, and the panel stays hidden): its last result, and a way to run it now.
function directorySync(reloadUsers) {
    const summary = h('p', { 'aria-live': 'polite' });
    const run = h('button', { type: 'button' }, 'Sync with the directory now');
    const panel = h('section', { class: 'directory-sync', 'aria-labelledby': 'directory-sync-title', hidden: true },
        h('h2', { id: 'directory-sync-title' }, 'Directory sync'), summary, run);
    const describe = result => `Last run ${result.started_at.slice(0, 16).replace('T', ' ')} UTC, `
        + `${result.trigger === 'timer' ? 'on schedule' : 'started by an admin'}: `
        + (result.error ? result.error : `${result.checked} checked, ${result.deactivated} deactivated, `
            + `${result.roles_changed} with new roles.`);
    api('GET', 'directory/sync').then(last => {
        summary.textContent = describe(last.data);
        panel.hidden = false;
    }, failure => {
        if (failure.status === 404) {
            summary.textContent = 'No sync has run yet.';
            panel.hidden = false;
        }
    });
    run.addEventListener('click', async () => {
        run.disabled = true;
        try {
            summary.textContent = describe((await api('POST', 'directory/sync')).data);
            reloadUsers();
        } catch (failure) {
            summary.textContent = failure.message;
        } finally {
            run.disabled = false;
        }
    });
    return panel;
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
    const d = dialog(`Roles of ${user.kind === 'service' ? user.name : user.email}`, form, [cancel, save]);
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
    confirmDialog(`Deactivate ${user.kind === 'service' ? user.name : user.email}?`,
        'They can no longer sign in, and all their API keys stop working at once.',
        'Deactivate', true, async () => {
            await api('PATCH', `users/${user.id}`, { active: false });
            reload();
        });
}
