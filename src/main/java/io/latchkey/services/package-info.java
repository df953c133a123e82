/**
 * Services: the organization's own services that Latchkey's keys are presented to (through forward-auth,
 * verify or introspection), and the scopes each defines ({@code orders:read}, {@code orders:write}).
 * {@code /api/v1/services} is for admins to change and for admins and token managers to read.
 *
 * <p>Invariants: a scope's name is {@code <service>:<action>}, so it is unique in the organization; every
 * query is scoped to the caller's organization (another organization's service is 404); a change that
 * takes scopes away (a scope left out, a scope that starts to write, a deleted service) goes out as
 * {@link io.latchkey.services.control.ScopesWithdrawn} in the same transaction, and the keys component
 * takes them off every key at once; who may grant which scope is
 * {@link io.latchkey.services.control.ServiceCatalog#requireGrantable}, the one place that says it. Every
 * change is audited as an organization event ({@code service_created}, {@code service_changed},
 * {@code service_deleted}).
 *
 * <p>Choices where the issue was silent: a service marked {@code admins_only} grants its scopes only to keys
 * of admins (any other service's to any key owner); a scope marked {@code writes} is never carried by a
 * read-only key; at most 50 scopes per service. The services and scopes are read at key creation and edit
 * only: a key check never reads them, the key carries its scopes.
 *
 * <p>Out of scope: services of the console (managed through the API), scopes of Latchkey's own API (a key
 * with scopes reaches only {@code GET /me} of it: {@link io.latchkey.api.OpenToScopedKeys}).
 */
package io.latchkey.services;
