/*
 * Real /query JSON answers of restate-server 1.7.12 (NULL columns omitted, as Restate sends them).
 * Recorded against the test service (greeter, counter); stack-trace file paths replaced by file:///srv/service/.
 * Kept as TypeScript so the build does not copy them into dist/ as it does with every JSON file under src/.
 */

/** SELECT * FROM sys_invocation (completed ok, failed 418, killed restart) */
export const sysInvocation = {
  rows: [
    {
      id: 'inv_1lXwQKVtKmDw4XNG33zAVjWs7JYZlGBzfD',
      target: 'greeter/greet',
      target_service_name: 'greeter',
      target_handler_name: 'greet',
      target_service_ty: 'service',
      idempotency_key: '01M82QV1FEGHD6VPAJN6JFDFRR',
      invoked_by: 'ingress',
      pinned_deployment_id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
      pinned_service_protocol_version: 6,
      journal_size: 2,
      journal_commands_size: 2,
      created_at: '2026-11-22T23:00:42.094Z',
      created_using_restate_version: '1.7.12',
      modified_at: '2026-11-22T23:00:42.102Z',
      running_at: '2026-11-22T23:00:42.094Z',
      completed_at: '2026-11-22T23:00:42.102Z',
      completion_retention: 'PT86400S',
      journal_retention: 'PT86400S',
      status: 'completed',
      completion_result: 'success',
    },
    {
      id: 'inv_148VyfXQIKPJ1VfQyAbLFhugL98tz0EcIa',
      target: 'greeter/fail',
      target_service_name: 'greeter',
      target_handler_name: 'fail',
      target_service_ty: 'service',
      idempotency_key: '01M82QV26Z85JKW4Q0JBWN976F',
      invoked_by: 'ingress',
      pinned_deployment_id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
      pinned_service_protocol_version: 6,
      journal_size: 2,
      journal_commands_size: 2,
      created_at: '2026-11-22T23:00:42.847Z',
      created_using_restate_version: '1.7.12',
      modified_at: '2026-11-22T23:00:42.865Z',
      running_at: '2026-11-22T23:00:42.847Z',
      completed_at: '2026-11-22T23:00:42.865Z',
      completion_retention: 'PT86400S',
      journal_retention: 'PT86400S',
      status: 'completed',
      completion_result: 'failure',
      completion_failure: '[418] this always fails',
    },
    {
      id: 'inv_1h5w7w8lJwNZ41Xpl3J8Gt2jiHh0opsxX3',
      target: 'greeter/slow',
      target_service_name: 'greeter',
      target_handler_name: 'slow',
      target_service_ty: 'service',
      invoked_by: 'restart_as_new',
      restarted_from: 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7',
      pinned_deployment_id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
      pinned_service_protocol_version: 6,
      journal_size: 2,
      journal_commands_size: 2,
      created_at: '2026-11-22T23:01:02.659Z',
      created_using_restate_version: '1.7.12',
      modified_at: '2026-11-22T23:01:07.919Z',
      running_at: '2026-11-22T23:01:02.659Z',
      completed_at: '2026-11-22T23:01:07.919Z',
      completion_retention: 'PT86400S',
      journal_retention: 'PT86400S',
      status: 'completed',
      completion_result: 'failure',
      completion_failure: '[409] killed',
    },
  ],
};

/** SELECT * FROM sys_invocation WHERE status = running */
export const sysInvocationInflight = {
  rows: [
    {
      id: 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7',
      target: 'greeter/slow',
      target_service_name: 'greeter',
      target_handler_name: 'slow',
      target_service_ty: 'service',
      idempotency_key: '01M82QV9D9HG9F9RV949FDFNQP',
      invoked_by: 'ingress',
      pinned_deployment_id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
      pinned_service_protocol_version: 6,
      journal_size: 2,
      journal_commands_size: 2,
      created_at: '2026-11-22T23:00:50.216Z',
      created_using_restate_version: '1.7.12',
      modified_at: '2026-11-22T23:00:50.227Z',
      running_at: '2026-11-22T23:00:50.216Z',
      completion_retention: 'PT86400S',
      journal_retention: 'PT86400S',
      retry_count: 1,
      last_start_at: '2026-11-22T23:00:50.219Z',
      last_attempt_deployment_id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
      last_attempt_server: 'restate-sdk-typescript/1.17.2',
      status: 'running',
    },
  ],
};

/** SELECT * FROM state */
export const state = {
  rows: [
    {
      partition_key: 18192584643539258357,
      service_name: 'counter',
      service_key: 'alice',
      key: 'count',
      key_length: 5,
      value_utf8: '8',
      value: '38',
      value_length: 1,
    },
  ],
};

/** journal of counter/k2/add (GetEagerState, SetState, Output) */
export const journalCounterAdd = {
  rows: [
    {
      index: 0,
      entry_type: 'Command: Input',
      name: '',
      entry_json:
        '{"Command":{"Input":{"headers":[{"name":"x-restate-ingress-path","value":"/counter/k2/add"},{"name":"user-agent","value":"curl/7.88.1"},{"name":"accept","value":"*/*"},{"name":"content-type","value":"application/json"},{"name":"content-length","value":"1"}],"payload":[53],"name":""}}}',
      appended_at: '2026-11-22T23:30:21.819Z',
    },
    {
      index: 1,
      entry_type: 'Command: GetEagerState',
      name: '',
      entry_json: '{"Command":{"GetEagerState":{"key":"count","result":"Void","name":""}}}',
      appended_at: '2026-11-22T23:30:21.834Z',
    },
    {
      index: 2,
      entry_type: 'Command: SetState',
      name: '',
      entry_json: '{"Command":{"SetState":{"key":"count","value":[53],"name":""}}}',
      appended_at: '2026-11-22T23:30:21.835Z',
    },
    {
      index: 3,
      entry_type: 'Command: Output',
      name: '',
      entry_json: '{"Command":{"Output":{"result":{"Success":[53]},"name":""}}}',
      appended_at: '2026-11-22T23:30:21.835Z',
    },
  ],
};

/** journal of greeter/fail (Output with a terminal failure 418) */
export const journalFail = {
  rows: [
    {
      index: 0,
      entry_type: 'Command: Input',
      name: '',
      entry_json:
        '{"Command":{"Input":{"headers":[{"name":"x-restate-ingress-path","value":"/greeter/fail"},{"name":"user-agent","value":"curl/7.88.1"},{"name":"accept","value":"*/*"},{"name":"content-type","value":"application/json"},{"name":"content-length","value":"2"}],"payload":[123,125],"name":""}}}',
      appended_at: '2026-11-22T23:30:21.746Z',
    },
    {
      index: 1,
      entry_type: 'Command: Output',
      name: '',
      entry_json: '{"Command":{"Output":{"result":{"Failure":{"code":418,"message":"this always fails"}},"name":""}}}',
      appended_at: '2026-11-22T23:30:21.757Z',
    },
  ],
};

/** journal of greeter/slow (Sleep) */
export const journalSlow = {
  rows: [
    {
      index: 0,
      entry_type: 'Command: Input',
      name: '',
      entry_json:
        '{"Command":{"Input":{"headers":[{"name":"x-restate-ingress-path","value":"/greeter/slow/send"},{"name":"user-agent","value":"curl/7.88.1"},{"name":"accept","value":"*/*"},{"name":"content-type","value":"application/json"},{"name":"content-length","value":"15"}],"payload":[123,34,115,101,99,111,110,100,115,34,58,54,48,48,125],"name":""}}}',
      appended_at: '2026-11-22T23:30:21.780Z',
    },
    {
      index: 1,
      entry_type: 'Command: Sleep',
      name: '',
      entry_json: '{"Command":{"Sleep":{"wake_up_time":1795390821827,"completion_id":1,"name":""}}}',
      appended_at: '2026-11-22T23:30:21.827Z',
    },
  ],
};

/** journal of greeter/busy (Run "wait") */
export const journalBusy = {
  rows: [
    {
      index: 0,
      entry_type: 'Command: Input',
      name: '',
      entry_json:
        '{"Command":{"Input":{"headers":[{"name":"x-restate-ingress-path","value":"/greeter/busy/send"},{"name":"user-agent","value":"curl/7.88.1"},{"name":"accept","value":"*/*"},{"name":"content-type","value":"application/json"},{"name":"content-length","value":"15"}],"payload":[123,34,115,101,99,111,110,100,115,34,58,54,48,48,125],"name":""}}}',
      appended_at: '2026-11-22T23:30:21.768Z',
    },
    {
      index: 1,
      entry_type: 'Command: Run',
      name: 'wait',
      entry_json: '{"Command":{"Run":{"completion_id":1,"name":"wait"}}}',
      appended_at: '2026-11-22T23:30:21.774Z',
    },
  ],
};

/** sys_journal_events of a paused greeter/flaky (newest first) */
export const journalEventsFlaky = {
  rows: [
    {
      after_journal_entry_index: 0,
      appended_at: '2026-11-22T23:30:39.870Z',
      event_type: 'Paused',
      event_json:
        '{"ty":"Paused","last_failure":{"error_code":500,"error_message":"flaky failure #6","error_stacktrace":"Error: flaky failure #6\\n    at Object.flaky (file:///srv/service/service.mjs:34:15)\\n    at Object.handlerCopy [as flaky] (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/types/rpc.js:119:19)\\n    at HandlerWrapper.invoke (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/types/rpc.js:141:26)\\n    at ServiceHandler$1.invoke (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/components.js:136:30)\\n    at file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:222:32\\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\\n    at async startUserHandler (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:220:2)\\n    at async RestateInvokeResponse.process (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:185:4)","restate_doc_error_code":"RT0007"}}',
    },
    {
      after_journal_entry_index: 0,
      appended_at: '2026-11-22T23:30:39.290Z',
      event_type: 'TransientError',
      event_json:
        '{"ty":"TransientError","error_code":500,"error_message":"flaky failure #6","error_stacktrace":"Error: flaky failure #6\\n    at Object.flaky (file:///srv/service/service.mjs:34:15)\\n    at Object.handlerCopy [as flaky] (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/types/rpc.js:119:19)\\n    at HandlerWrapper.invoke (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/types/rpc.js:141:26)\\n    at ServiceHandler$1.invoke (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/components.js:136:30)\\n    at file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:222:32\\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\\n    at async startUserHandler (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:220:2)\\n    at async RestateInvokeResponse.process (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:185:4)","restate_doc_error_code":"RT0007"}',
    },
  ],
};

/** SELECT status, completion_result, COUNT(*) AS count FROM sys_invocation GROUP BY status, completion_result */
export const counts = {
  rows: [
    {
      status: 'pending',
      count: 1,
    },
    {
      status: 'suspended',
      count: 3,
    },
    {
      status: 'completed',
      completion_result: 'success',
      count: 2,
    },
    {
      status: 'completed',
      completion_result: 'failure',
      count: 1,
    },
    {
      status: 'paused',
      count: 1,
    },
    {
      status: 'running',
      count: 1,
    },
    {
      status: 'scheduled',
      count: 1,
    },
  ],
};

/** SELECT * FROM sys_invocation WHERE id = <paused greeter/flaky> */
export const detailPaused = {
  rows: [
    {
      id: 'inv_11qIRReGj4Ec6HfPV4VMj9YICILYp3XCHR',
      target: 'greeter/flaky',
      target_service_name: 'greeter',
      target_handler_name: 'flaky',
      target_service_ty: 'service',
      idempotency_key: '01M82SHBEWECZMBP799CA8VHHR',
      invoked_by: 'ingress',
      journal_size: 1,
      journal_commands_size: 1,
      created_at: '2026-11-22T23:30:21.787Z',
      created_using_restate_version: '1.7.12',
      modified_at: '2026-11-22T23:30:39.870Z',
      running_at: '2026-11-22T23:30:21.787Z',
      completion_retention: 'PT86400S',
      journal_retention: 'PT86400S',
      retry_count: 6,
      last_start_at: '2026-11-22T23:30:39.286Z',
      next_retry_at: '2026-11-22T23:30:57.933Z',
      last_attempt_deployment_id: 'dp_124KTED21tWai19Mzgb1tlf',
      last_attempt_server: 'restate-sdk-typescript/1.17.2',
      last_failure:
        '[500 Internal] flaky failure #6\nError: flaky failure #6\n    at Object.flaky (file:///srv/service/service.mjs:34:15)\n    at Object.handlerCopy [as flaky] (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/types/rpc.js:119:19)\n    at HandlerWrapper.invoke (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/types/rpc.js:141:26)\n    at ServiceHandler$1.invoke (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/components.js:136:30)\n    at file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:222:32\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async startUserHandler (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:220:2)\n    at async RestateInvokeResponse.process (file:///srv/service/node_modules/@restatedev/restate-sdk/dist/endpoint/handlers/generic.js:185:4)',
      last_failure_error_code: 'RT0007',
      status: 'paused',
    },
  ],
};

/** SELECT * FROM sys_invocation WHERE id = <counter/k1/slowAdd queued behind another> */
export const detailPending = {
  rows: [
    {
      id: 'inv_1foAirY4KKzi2j7fOKqKqQt3aWwIsvCsCD',
      target: 'counter/k1/slowAdd',
      target_service_name: 'counter',
      target_service_key: 'k1',
      target_handler_name: 'slowAdd',
      target_service_ty: 'virtual_object',
      idempotency_key: '01M82SHBFKXBRDPR4ZQNG6CE8N',
      invoked_by: 'ingress',
      created_at: '2026-11-22T23:30:21.811Z',
      created_using_restate_version: '1.7.12',
      modified_at: '2026-11-22T23:30:21.811Z',
      inboxed_at: '2026-11-22T23:30:21.811Z',
      completion_retention: 'PT86400S',
      journal_retention: 'PT86400S',
      status: 'pending',
    },
  ],
};

/** buildInboxQuery for that pending invocation */
export const inbox = {
  rows: [
    {
      length: 1,
      ahead: 0,
      queued: 1,
    },
  ],
};
