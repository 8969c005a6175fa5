/** The shapes of Restate's ids, so a typo is explained before a request is sent. */

/** Invocation ids are `inv_` + base62 (e.g. inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7). */
export const INVOCATION_ID = /^inv_[0-9A-Za-z]{10,64}$/;

/** Deployment ids are `dp_` + base62 (e.g. dp_15XTIJJUiMFkIvG6dtWNy7f). */
export const DEPLOYMENT_ID = /^dp_[0-9A-Za-z]+$/;
