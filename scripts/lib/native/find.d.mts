type Env = Record<string, string | undefined>;
type Exists = (file: string) => boolean;
export function onPath(name: string, env?: Env, exists?: Exists): string | undefined;
export function findGrafana(
  env?: Env,
  exists?: Exists
): { bin: string; args: string[]; homepath: string; source: string } | undefined;
export function findBinary(name: string, env?: Env, exists?: Exists): string | undefined;
