/*
 * Real answers of restate-server 1.7.12 to PATCH /invocations/{id}/<action> (status line + JSON body).
 */

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/cancel */
export const cancel = {
  status: 202,
  body: null,
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/cancel */
export const cancelAgain = {
  status: 409,
  body: {
    message: "The invocation 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7' was already completed.",
    restate_code: null,
  },
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ41Xpl3J8Gt2jiHh0opsxX3/kill */
export const kill = {
  status: 200,
  body: null,
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/kill */
export const killCompleted = {
  status: 409,
  body: {
    message: "The invocation 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7' was already completed.",
    restate_code: null,
  },
};

/** PATCH /invocations/xyz/cancel */
export const malformedCancel = {
  status: 400,
  body: {
    message: "The request field 'invocation_id' is invalid. Reason: bad format",
    restate_code: null,
  },
};

/** PATCH /invocations/inv_14JJU6kH6zN609icQwROjMLk8pccX4Kigv/pause */
export const pause = {
  status: 202,
  body: null,
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/purge */
export const purge = {
  status: 200,
  body: null,
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/purge */
export const purgeAgain = {
  status: 404,
  body: {
    message: "The requested invocation 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7' does not exist",
    restate_code: null,
  },
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/purge-journal */
export const purgeJournal = {
  status: 200,
  body: null,
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/purge */
export const purgeRunning = {
  status: 409,
  body: {
    message: "The invocation 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7' is not yet completed.",
    restate_code: null,
  },
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7/restart-as-new */
export const restartAsNew = {
  status: 200,
  body: {
    new_invocation_id: 'inv_1h5w7w8lJwNZ41Xpl3J8Gt2jiHh0opsxX3',
  },
};

/** PATCH /invocations/inv_14JJU6kH6zN609icQwROjMLk8pccX4Kigv/resume */
export const resume = {
  status: 200,
  body: null,
};

/** PATCH /invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh8/cancel */
export const unknownCancel = {
  status: 404,
  body: {
    message: "The requested invocation 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh8' does not exist",
    restate_code: null,
  },
};
