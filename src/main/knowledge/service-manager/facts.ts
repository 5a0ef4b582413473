/**
 * Names Service Manager uses on a management server (Microsoft support's SCSM diagnostic
 * tool, CSS-SystemCenter-ServiceManager). Services are looked up by display name at run time because the service names
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

/** Where a management server keeps the names of its databases (Microsoft support's SCSM diagnostic tool). */
export const SM_DATABASE_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\Database';

/** The value pairs under that key naming the server and the database of each database a management server uses. */
export const SM_DATABASE_REGISTRY_VALUES = {
  ServiceManager: { server: 'DatabaseServerName', database: 'DatabaseName' },
  DWStagingAndConfig: { server: 'StagingSQLInstance', database: 'StagingDatabaseName' },
  DWRepository: { server: 'RepositorySQLInstance', database: 'RepositoryDatabaseName' },
  DWDataMart: { server: 'DataMartSQLInstance', database: 'DataMartDatabaseName' },
  // The data marts' database value names follow the others' pattern; unconfirmed on a real site.
  OMDWDataMart: { server: 'OMDataMartSQLInstance', database: 'OMDataMartDatabaseName' },
  CMDWDataMart: { server: 'CMDataMartSQLInstance', database: 'CMDataMartDatabaseName' },
} as const;

/**
 * Which kind of management server this is (the diagnostic tool's IsThisScsmMgmtServer): value
 * `SDK Service Type`, 1 a Service Manager management server, 2 the data warehouse management
 * server. The key says 2010 in every version.
 */
export const SM_SDK_SERVICE_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\SDK Service';
export const SDK_SERVICE_TYPE_VALUE = 'SDK Service Type';
export const SDK_SERVICE_TYPES = { serviceManager: 1, dataWarehouse: 2 } as const;

/** The reporting server the data warehouse management server uses: values Server, ServerInstance, WebServiceURL. */
export const SM_REPORTING_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\Reporting';

/**
 * .NET Framework 4.x writes its release number here. 4.7.2 (461808) is taken as the floor; the
 * exact minimum per Service Manager version is unconfirmed, so a lower release only warns and
 * Setup's own prerequisite check decides.
 */
export const DOTNET_RELEASE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full';
export const DOTNET_MINIMUM_RELEASE = 461808;

/**
 * Windows keeps the name and organization it was registered to here (values RegisteredOwner and
 * RegisteredOrganization); Windows Installer offers them on a product's registration page, and so
 * does the wizard on Setup's.
 */
export const WINDOWS_REGISTRATION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/** Where Setup.exe is on the Service Manager installation media; the answer schema holds the media path to it. */
export { SETUP_RELATIVE_PATH } from '../../../shared/procedures/management-server-setup';
