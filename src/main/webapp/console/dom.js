// DOM helpers, dialogs and menus of the console. Every value goes through textContent, never innerHTML.

export function h(tag, attributes = {}, ...children) {
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

/** An SVG element, like {@link h}; text only as text nodes. */
export function svg(tag, attributes = {}, ...children) {
    const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value);
    }
    for (const child of children.flat()) {
        if (child === null || child === undefined || child === false) continue;
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
}

export function show(container, ...nodes) {
    container.replaceChildren(...nodes.flat().filter(node => node !== null && node !== undefined && node !== false));
}

let fieldCounter = 0;
export function field(label, input) {
    input.id = input.id || `field-${++fieldCounter}`;
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
}

export function day(iso) {
    return iso ? iso.slice(0, 10) : '--';
}

const PAGE_SIZE = 20;

/**
 * A searched and paged table of the console: fills {@code body} with {@code row(item, load)} for each item of
 * the page {@code fetch(query)} answers (query: limit, offset and, when typed, q), or with a single cell saying
 * {@code empty(searching)}. Only the latest load fills it (answers can arrive out of order); meanwhile the body
 * is aria-busy, which assistive technology (and the tests) wait for. Returns the load and the pager.
 */
export function pagedTable({ body, error, search, columns, fetch, row, empty }) {
    const text = h('span', { class: 'muted', 'aria-live': 'polite' });
    const previous = h('button', { type: 'button' }, 'Previous');
    const next = h('button', { type: 'button' }, 'Next');
    let offset = 0;
    let loads = 0;
    async function load() {
        const mine = ++loads;
        error.textContent = '';
        body.setAttribute('aria-busy', 'true');
        try {
            const query = new URLSearchParams({ limit: PAGE_SIZE, offset });
            if (search.value.trim()) query.set('q', search.value.trim());
            const { data, pagination } = await fetch(query);
            if (mine !== loads) return;
            body.replaceChildren(...(data.length ? data.map(item => row(item, load))
                : [h('tr', {}, h('td', { colspan: columns, class: 'empty' }, empty(search.value.trim() !== '')))]));
            const first = pagination.total === 0 ? 0 : pagination.offset + 1;
            text.textContent = `${first}–${pagination.offset + data.length} of ${pagination.total}`;
            previous.disabled = pagination.offset === 0;
            next.disabled = !pagination.has_more;
        } catch (failure) {
            if (mine === loads) error.textContent = failure.message;
        } finally {
            if (mine === loads) body.removeAttribute('aria-busy');
        }
    }
    let typing;
    search.addEventListener('input', () => {
        // busy from the first keystroke: what the table shows is about to be replaced
        body.setAttribute('aria-busy', 'true');
        clearTimeout(typing);
        typing = setTimeout(() => { offset = 0; load(); }, 250);
    });
    previous.addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); load(); });
    next.addEventListener('click', () => { offset += PAGE_SIZE; load(); });
    return { load, pager: h('div', { class: 'pager' }, text, previous, next) };
}

export function dialog(title, content, actions) {
    const error = h('p', { class: 'error', role: 'alert' });
    const element = h('dialog', { 'aria-labelledby': 'dialog-title' },
        h('h2', { id: 'dialog-title' }, title), content, error, h('div', { class: 'actions' }, actions));
    element.addEventListener('close', () => element.remove());
    document.body.append(element);
    element.showModal();
    return { element, error, close: () => element.close() };
}

export function confirmDialog(title, message, confirmLabel, danger, onConfirm) {
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

export function closeMenus() {
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

export function menu(label, items) {
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

