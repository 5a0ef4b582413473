import { joinWindowsPath } from '../windows/paths';

/**
 * How the Orchestrator web components keep the database: the 2016/2019 web service in the
 * `OrchestratorContext` connection string (its section encrypted), the 2022 Web API in
 * `Database__*` environment variables of WebApi\web.config.
 */
export type WebComponentsKind = 'web-service' | 'web-api';

/**
 * Names Orchestrator uses on its servers (Orchestrator's "Recover a database", and a Microsoft support
 * article for omanagement). Services are found by display
 * name at run time, as everywhere else in the wizard. The display names, the web folders and the
 * web service addresses below are as installations usually show them, not from that document: they
 * are unconfirmed, and the host reports what it finds where it can.
 */
export const ORCHESTRATOR_SERVICES = {
  management: { name: 'omanagement', displayName: 'Orchestrator Management Service' },
  runbook: { name: 'orunbook', displayName: 'Orchestrator Runbook Service' },
  monitor: { name: 'omonitor', displayName: 'Orchestrator Runbook Server Monitor' },
  remoting: { name: 'oremoting', displayName: 'Orchestrator Remoting Service' },
} as const;

/** DBSetup is in the same place on the management server and on runbook servers. */
export function dataStoreToolPath(installDirectory: string): string {
  return joinWindowsPath(installDirectory, 'Management Server', 'DBSetup.exe');
}

/** The folder of the web.config that names the database, below the web components' install folder. */
export const WEB_COMPONENTS_FOLDER: Record<WebComponentsKind, string> = {
  'web-service': 'Web Service',
  'web-api': 'WebApi',
};

/** The 2022 Web API replaced the 2016/2019 web service; product versions 10.22 and later have it. */
export function webComponentsKindOf(productVersion: string): WebComponentsKind {
  const [major = 0, minor = 0] = productVersion.split('.').map((part) => Number(part));
  return major > 10 || (major === 10 && minor >= 22) ? 'web-api' : 'web-service';
}

/** Seconds to wait for an Orchestrator service to stop or start. */
export const ORCHESTRATOR_SERVICE_TIMEOUT_SECONDS = 180;

/** DBSetup is a window the operator fills in: give them time, but not forever. */
export const DATA_STORE_TOOL_TIMEOUT_MS = 60 * 60_000;
