/**
 * The promote procedure's steps in the order "Implement Service Manager disaster recovery" gives
 * them, shared by the unit and the end-to-end tests.
 */
export const PROMOTE_STEP_IDS = [
  'stop-omsdk',
  'stop-healthservice',
  'stop-omcfg',
  'delete-health-service-state',
  'promote-active-workflow-server',
  'record-primary-in-manifest',
  'start-omsdk',
  'start-healthservice',
  'start-omcfg',
];
