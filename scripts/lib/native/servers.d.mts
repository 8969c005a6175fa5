/** provisioning/ for this machine (see servers.mjs). Without loki and tempo: only the Restate data source. */
export function writeProvisioning(
  dir: string,
  urls: { admin: string; ingress: string; loki?: string; tempo?: string }
): void;
type Ports = { loki: number; lokiGrpc: number; tempo: number; otlpGrpc: number; otlpHttp: number };
/** docker/loki.yaml with its storage under `dir`, listening on loopback. */
export function lokiConfig(dir: string, ports: Ports): string;
/** docker/tempo.yaml with its WAL and blocks under `dir`, listening on loopback. */
export function tempoConfig(dir: string, ports: Ports): string;
