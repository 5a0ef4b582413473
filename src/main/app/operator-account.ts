import { userInfo } from 'node:os';

/**
 * The account the wizard runs under, as the report of a run names its operator: DOMAIN\user on
 * Windows (the domain Windows signed the user in to), the user name elsewhere.
 */
export function operatorAccount(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  user: () => string = () => userInfo().username,
): string {
  let name: string;
  try {
    name = user();
  } catch {
    // An account without an entry in the user database (a container's numeric user) still runs the wizard.
    name = env.USERNAME ?? env.USER ?? 'unknown';
  }
  const domain = platform === 'win32' ? env.USERDOMAIN : undefined;
  return domain ? `${domain}\\${name}` : name;
}
