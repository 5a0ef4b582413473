/** Answers of the Setup flows and of the key backup and restore that must come first ("Implement Service Manager disaster recovery"). */

type Answers = Record<string, string | boolean>;

export const KEY_PASSWORD = 'Key-backup-passw0rd';
export const SERVICE_PASSWORD = `Svc "pa$$" \\ word`;

export const keyAnswers = (server: string, action: 'backup' | 'restore'): Answers => ({
  server,
  action,
  mediaPath: 'D:\\',
  keyFile: `\\\\FS01\\RecoveryKit\\${server}-key.bin`,
  password: KEY_PASSWORD,
  confirmPassword: KEY_PASSWORD,
  remember: false,
  useRemembered: false,
});

export const SETUP_ANSWERS: Answers = {
  mediaPath: 'D:\\',
  registeredOwner: 'Contoso IT',
  registeredOrganization: 'Contoso, Ltd.',
  productKey: '',
  acceptLicense: true,
  installPath: 'C:\\Program Files\\Microsoft System Center\\Service Manager',
  sqlServer: 'SQLSM01\\SCSM',
  useExistingDatabase: 'existing',
  database: 'ServiceManager',
  managementGroupName: 'CONTOSO-SM',
  administrators: 'CONTOSO\\SCSM Admins',
  serviceDomain: 'CONTOSO',
  serviceUser: 'svc-scsm',
  servicePassword: SERVICE_PASSWORD,
  passwordsOnCommandLine: true,
  workflowSameAccount: true,
  workflowDomain: '',
  workflowUser: '',
  workflowPassword: '',
  ceip: false,
  errorReporting: false,
};

export const DW_ANSWERS: Answers = {
  ...SETUP_ANSWERS,
  server: 'SCSMDW01',
  sqlServer: 'SQLDW01\\SCDW',
  database: 'DWStagingAndConfig',
  managementGroupName: 'CONTOSO-DW',
  reportingServerUrl: 'http://sqlrs01.contoso.local/ReportServer',
  reportingDomain: 'CONTOSO',
  reportingUser: 'svc-scsm-reporting',
  reportingPassword: 'Report-passw0rd',
  useMicrosoftUpdate: false,
};
