// The API keys page: list and search, create, edit, regenerate and revoke.

import { h, svg, show, field, day, dialog, confirmDialog, menu, pagedTable } from './dom.js';
import { api, state, isAdmin } from './api.js';

const ACCESS = { read_write: 'Read & write', read_only: 'Read-only' };
const STATUS = { active: 'Active', revoked: 'Revoked', expired: 'Expired' };
// How long a regenerated key's old secret keeps working (grace_period_minutes).
const OVERLAP = [['0', 'None: it stops at once'], ['60', '1 hour'], ['1440', '1 day'], ['10080', '7 days']];

export function showKeys(main, onlyKeyId) {
    const search = h('input', { type: 'search', id: 'key-search', placeholder: 'Filter by description' });
    const create = h('button', { type: 'button', class: 'primary', onclick: () => createKeyDialog(load) }, 'Create API key');
    const error = h('p', { class: 'error', role: 'alert' });
    const body = h('tbody');
    const headers = ['Key', 'Description', 'Access', 'Last used', 'Created', 'Expires', 'Status'];
    if (isAdmin()) headers.push('Owner');
    headers.push('Actions');
    const { load, pager } = pagedTable({
        body, error, search, columns: headers.length,
        fetch: async query => onlyKeyId
            ? { data: [(await api('GET', `keys/${encodeURIComponent(onlyKeyId)}`)).data],
                pagination: { total: 1, limit: 1, offset: 0, has_more: false } }
            : api('GET', `keys?${query}`),
        row: keyRow,
        empty: searching => searching ? 'No keys match this search.' : 'No API keys yet. Create one to get started.'
    });

    show(main, 
        h('h1', {}, 'API keys'),
        h('p', { class: 'lead' }, isAdmin()
            ? 'Keys of everyone in your organization. A key can do what its owner can, and no more.'
            : 'Your keys. A key can do what you can, and no more.'),
        onlyKeyId ? h('p', { class: 'notice' }, 'Showing one key. ', h('a', { href: 'keys', 'data-route': true }, 'Show all keys')) : null,
        h('div', { class: 'toolbar' },
            onlyKeyId ? h('span') : h('label', { for: 'key-search' }, 'Search keys', search), create),
        error,
        h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'API keys' },
            h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))), body)),
        onlyKeyId ? null : pager);
    load();
}

function keyRow(key, reload) {
    const items = [['Copy masked key', () => navigator.clipboard?.writeText(key.masked_key)]];
    // the API says what this caller may do with the key: a key of someone with more roles can only be revoked
    const allowed = key.actions || [];
    items.push(['Usage', () => usageDialog(key)]);
    if (allowed.includes('edit')) items.push(['Edit', () => editKeyDialog(key, reload)]);
    if (allowed.includes('regenerate')) items.push(['Regenerate', () => regenerateDialog(key, reload)]);
    if (allowed.includes('revoke')) items.push(['Revoke', () => revokeDialog(key, reload), true]);
    const networks = key.allowed_cidrs || [];
    const cells = [
        h('td', { class: 'nowrap' }, h('code', {}, key.masked_key),
            key.previous_secret_expires_at ? h('small', { class: 'muted overlap' },
                ` old key works until ${key.previous_secret_expires_at.slice(0, 16).replace('T', ' ')} UTC`
                + (key.previous_secret_last_used_at ? `, last used ${day(key.previous_secret_last_used_at)}` : ', unused since')) : null),
        h('td', {}, key.description,
            networks.length ? h('small', { class: 'muted networks' }, ` only from ${networks.join(', ')}`) : null),
        // what the key may do: its access level and, below it, the scopes of the services it is for
        h('td', {}, h('span', { class: 'nowrap' }, ACCESS[key.access] || key.access),
            (key.scopes || []).length ? h('small', { class: 'muted scopes' }, ` for ${key.scopes.join(', ')}`) : null,
            key.effective_requests_per_minute ? h('small', { class: 'muted rate' }, ` ${key.effective_requests_per_minute} requests/min`) : null),
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

/** The networks a key may be used from: one per line or comma-separated; empty means any address. */
function networksField(networks) {
    const input = h('textarea', { id: 'allowed-cidrs', rows: 2, placeholder: 'Any address. Example: 203.0.113.0/24, 2001:db8::/32' },
        (networks || []).join('\n'));
    return field('Allowed networks (optional, CIDR)', input);
}

/** The key's own rate limit; empty: the organization's default (sent as 0 on an edit). */
function rateField(perMinute) {
    const input = h('input', { type: 'number', id: 'requests-per-minute', min: 1, max: 1000000, step: 1,
        placeholder: "The organization's default", value: perMinute ?? '' });
    return field('Rate limit (requests per minute, optional)', input);
}

function rateOf(form) {
    const text = form.querySelector('#requests-per-minute').value.trim();
    return text === '' ? 0 : Number(text);
}

/**
 * The key's successful requests over the last 30 days (GET /keys/{id}/usage), one bar per day (UTC), drawn as an
 * SVG of the console's own; each bar's title gives its day and count.
 */
function usageDialog(key) {
    const chart = h('div', { id: 'usage-chart', 'aria-busy': 'true' }, 'Loading…');
    const d = dialog(`Usage of “${key.description}”`, [chart], [h('button', { type: 'button', class: 'primary',
        onclick: () => d.close() }, 'Close')]);
    api('GET', `keys/${encodeURIComponent(key.id)}/usage`).then(({ data }) => {
        const days = [];
        const first = Date.parse(data.from.slice(0, 10) + 'T00:00:00Z') + 86400000;
        for (let i = 0; i < 30; i++) days.push({ day: new Date(first + i * 86400000).toISOString().slice(0, 10), requests: 0 });
        for (const hour of data.hours) {
            const slot = days.find(entry => entry.day === hour.hour.slice(0, 10));
            if (slot) slot.requests += hour.requests;
        }
        const most = Math.max(1, ...days.map(entry => entry.requests));
        const width = 600, height = 160, bar = width / days.length;
        const bars = days.map((entry, i) => {
            const tall = Math.round((entry.requests / most) * (height - 20));
            return svg('rect', { class: 'usage-bar', x: (i * bar + 1).toFixed(1), y: height - tall, width: (bar - 2).toFixed(1),
                height: tall, 'data-day': entry.day, 'data-requests': entry.requests },
                svg('title', {}, `${entry.day}: ${entry.requests} requests`));
        });
        chart.replaceChildren(
            h('p', {}, `${data.total} successful requests in the last 30 days (UTC days; the last minute may be missing).`),
            svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', class: 'usage',
                'aria-label': `Requests per day, at most ${most} on one day` },
                svg('line', { x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5, class: 'usage-axis' }), bars),
            h('p', { class: 'muted' }, `${days[0].day} to ${days[days.length - 1].day}; highest day ${most}.`));
        chart.removeAttribute('aria-busy');
    }, failure => {
        chart.replaceChildren(h('p', { class: 'error', role: 'alert' }, failure.message));
        chart.removeAttribute('aria-busy');
    });
}

/**
 * The scopes of the organization's services the key may carry, as checkboxes (filled once GET /services
 * answers). A scope that writes cannot be chosen for a read-only key, and a service for admins only offers
 * nothing to a token manager's key: the server refuses both, the form does not offer them.
 */
function scopesField(form, selected, ownerIsAdmin) {
    const box = h('fieldset', { id: 'key-scopes', 'aria-busy': 'true' }, h('legend', {}, 'Scopes (optional)'),
        h('p', { class: 'muted' }, 'Loading the services…'));
    const chosen = new Set(selected || []);
    const writable = () => form.querySelector('input[name=access]:checked')?.value !== 'read_only';
    const refresh = () => box.querySelectorAll('input[name=scope]').forEach(input => {
        const blocked = input.dataset.adminsOnly === 'true' && !ownerIsAdmin || input.dataset.writes === 'true' && !writable();
        input.disabled = blocked;
        if (blocked) input.checked = false;
    });
    form.addEventListener('change', event => { if (event.target.name === 'access') refresh(); });
    api('GET', 'services').then(({ data }) => {
        const rows = data.flatMap(service => service.scopes.map(scope => {
            const input = h('input', { type: 'checkbox', name: 'scope', value: scope.name, id: `scope-${scope.name}`,
                checked: chosen.has(scope.name), 'data-writes': String(scope.writes), 'data-admins-only': String(service.admins_only) });
            const notes = [scope.writes ? 'writes' : null, service.admins_only ? 'admins only' : null].filter(Boolean);
            return h('div', { class: 'choice' }, input, h('label', { for: input.id }, scope.name,
                h('small', {}, [scope.description, notes.length ? `(${notes.join(', ')})` : null].filter(Boolean).join(' '))));
        }));
        box.replaceChildren(h('legend', {}, 'Scopes (optional)'),
            ...(rows.length ? [h('p', { class: 'muted' }, 'A key with scopes is for those services only: it cannot manage keys in Latchkey.'), ...rows]
                : [h('p', { class: 'muted' }, 'No services are registered; an admin can add them through the API.')]));
        box.dataset.loaded = 'true';
        refresh();
    }).catch(failure => {
        box.replaceChildren(h('legend', {}, 'Scopes (optional)'), h('p', { class: 'error' }, failure.message));
    }).finally(() => box.removeAttribute('aria-busy'));
    return box;
}

/** The scopes checked; undefined while the services are not loaded (an edit then leaves them as they are). */
function scopesOf(form) {
    const box = form.querySelector('#key-scopes');
    if (!box || box.dataset.loaded !== 'true') return undefined;
    return [...box.querySelectorAll('input[name=scope]:checked')].map(input => input.value);
}

function networksOf(form) {
    return form.querySelector('#allowed-cidrs').value.split(/[\s,]+/).filter(text => text.length > 0);
}

function expiryOf(form) {
    const chosen = form.querySelector('input[name=expiry]:checked').value;
    if (chosen === 'custom') return { expires_at: form.querySelector('#expiry-date').value || 'missing date' };
    return { expires_in_days: Number(chosen) };
}

function createKeyDialog(reload) {
    const description = h('input', { type: 'text', maxlength: 200, required: true });
    const form = h('form', { id: 'create-key-form' }, field('Description', description), accessChoices('read_write'), expiryChoices(),
        networksField([]), rateField(null));
    form.append(scopesField(form, [], isAdmin()));
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
                ...expiryOf(form),
                ...(networksOf(form).length ? { allowed_cidrs: networksOf(form) } : {}),
                ...(scopesOf(form)?.length ? { scopes: scopesOf(form) } : {}),
                ...(rateOf(form) ? { requests_per_minute: rateOf(form) } : {})
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
        networksField(key.allowed_cidrs), rateField(key.requests_per_minute),
        h('p', { class: 'muted' }, 'The key value does not change; integrations keep using the same key.'));
    form.insertBefore(scopesField(form, key.scopes, key.owner.id === state.me.id ? isAdmin() : true), form.lastChild);
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
                access: form.querySelector('input[name=access]:checked').value,
                allowed_cidrs: networksOf(form),
                ...(rateOf(form) !== (key.requests_per_minute ?? 0) ? { requests_per_minute: rateOf(form) } : {}),
                ...(scopesOf(form) !== undefined ? { scopes: scopesOf(form) } : {})
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
    const overlap = h('select', { id: 'grace-period' }, OVERLAP.map(([minutes, label]) => h('option', { value: minutes }, label)));
    const form = h('form', { id: 'regenerate-key-form' },
        h('p', {}, `“${key.description}” gets a new secret. Every integration using the current one must be given the new key.`),
        field('Keep the old key working for', overlap),
        h('p', { class: 'muted' }, 'During the overlap both keys work, and the key shows when the old one was last used.'
            + ' Revoking the key ends both at once.'));
    const submit = h('button', { type: 'submit', form: 'regenerate-key-form', class: 'primary' }, 'Regenerate key');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const d = dialog('Regenerate API key?', form, [cancel, submit]);
    cancel.addEventListener('click', d.close);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        submit.disabled = true;
        try {
            const regenerated = await api('POST', `keys/${key.id}/regenerate`, { grace_period_minutes: Number(overlap.value) });
            d.close();
            showSecret(regenerated.data, 'Your regenerated API key');
            reload();
        } catch (failure) {
            d.error.textContent = failure.message;
            submit.disabled = false;
        }
    });
    cancel.focus();
}

function revokeDialog(key, reload) {
    confirmDialog('Revoke API key?',
        `Integrations using “${key.description}” will start failing immediately. This cannot be undone.`,
        'Revoke key', true, async () => {
            await api('DELETE', `keys/${key.id}`);
            reload();
        });
}

