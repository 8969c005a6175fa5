/** provisioning/ for this machine (see servers.mjs). Without loki and tempo: only the Restate data source. */
export function writeProvisioning(
  dir: string,
  urls: { admin: string; ingress: string; loki?: string; tempo?: string }
): void;
