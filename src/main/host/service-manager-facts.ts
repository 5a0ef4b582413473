/**
 * Names Service Manager uses on a management server (facts.md: Microsoft's SCSM diagnostic
 * scripts). Services are looked up by display name at run time because the service names
 * differ between versions.
 */
export const SM_SERVICES = [
  { name: 'OMSDK', displayName: 'System Center Data Access Service' },
  { name: 'HealthService', displayName: 'Microsoft Monitoring Agent' },
  { name: 'OMCFG', displayName: 'System Center Management Configuration' },
] as const;

export const SM_SETUP_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Service Manager\\Setup';

export const SM_CONSOLE_PROCESS = 'Microsoft.EnterpriseManagement.ServiceManager.UI.Console';

/** Seconds to wait for a service to stop or start before calling it stuck. */
export const SERVICE_TIMEOUT_SECONDS = 120;
