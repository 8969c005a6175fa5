/*
 * Invocations, as Restate 1.7 exposes them: the `sys_invocation` view (list, counts, detail),
 * `sys_journal` / `sys_journal_events` (what happened), `state` (an object's K/V), `sys_inbox` (the
 * queue in front of a virtual object) and `PATCH /invocations/{id}/<action>`. This module is the only
 * code that knows these wire formats; pages get typed values.
 *
 * Every filter, sort and count runs in Restate (DataFusion): a page asks for exactly the rows it shows.
 * Equality filters on `id`, `target_service_name`, `target_service_key`, … are the ones DataFusion can
 * push down into Restate's table scans; an `id = '…'` filter even lets Restate read one partition only.
 */

export * from './status';
export * from './queries';
export * from './rows';
export * from './detail';
export * from './journal';
export * from './state';
export * from './actions';
export * from './runAction';
export * from './restart';
export * from './bulk';
export * from './matching';
