import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { ShieldTaskRegular } from '@fluentui/react-icons';
import type { FlowId } from '../../../shared/run-contract';
import { useWizardStore } from '../store/wizard-store';
import { DrillBanner } from './drill-banner';

/** Procedures on the data warehouse management group, whose name differs from Service Manager's. */
const DATA_WAREHOUSE_FLOWS: ReadonlySet<FlowId> = new Set(['restore-dw-management-server', 'recreate-dw-databases']);

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexDirection: 'column',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
  },
  icon: { fontSize: '28px', color: tokens.colorBrandForeground1 },
  appName: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  site: {
    marginLeft: 'auto',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    color: tokens.colorNeutralForeground2,
  },
});

export function WizardHeader() {
  const styles = useStyles();
  const site = useWizardStore((state) => state.site);
  const flowId = useWizardStore((state) => state.selectedFlowId);
  const dataWarehouse = flowId !== null && DATA_WAREHOUSE_FLOWS.has(flowId);
  return (
    <header className={styles.header}>
      <div className={styles.bar}>
        <ShieldTaskRegular className={styles.icon} aria-hidden />
        <Text className={styles.appName}>System Center Recovery Wizard</Text>
        <div className={styles.site}>
          {site ? (
            <>
              <Text weight="semibold">Site: {site.siteName}</Text>
              <Text size={200}>
                {dataWarehouse
                  ? `Data warehouse management group: ${site.dataWarehouseManagementGroupName ?? 'not in the manifest'}`
                  : `Management group: ${site.managementGroupName}`}
              </Text>
            </>
          ) : (
            <Text size={200}>No site loaded yet</Text>
          )}
        </div>
      </div>
      {site?.mode === 'drill' && <DrillBanner />}
    </header>
  );
}
