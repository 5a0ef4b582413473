import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { BeakerRegular, WrenchRegular } from '@fluentui/react-icons';
import { Suspense, useEffect, useRef } from 'react';
import { lazyComponent, useOpenedOnce } from '../lazy-component';
import { useDrillStore } from '../store/drill-store';

const DrillPanel = lazyComponent(() => import('./drill-panel'), 'DrillPanel');

const useStyles = makeStyles({
  banner: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorPaletteMarigoldBackground2,
    color: tokens.colorNeutralForeground1,
    borderTop: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteMarigoldBorderActive}`,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
  },
  icon: { fontSize: '20px', flexShrink: 0 },
  controls: { marginLeft: 'auto' },
});

/** Shown on every page of a drill, so a rehearsal is never mistaken for a recovery of the real site. */
export function DrillBanner() {
  const styles = useStyles();
  const openPanel = useDrillStore((state) => state.setPanelOpen);
  const panelOpen = useDrillStore((state) => state.panelOpen);
  const panelOpened = useOpenedOnce(panelOpen);
  const trigger = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // The drawer does not give focus back to a button that is not its own trigger: a keyboard user
  // would be left at the top of the page after closing it.
  useEffect(() => {
    if (wasOpen.current && !panelOpen) trigger.current?.focus();
    wasOpen.current = panelOpen;
  }, [panelOpen]);
  return (
    <div className={styles.banner}>
      <BeakerRegular className={styles.icon} aria-hidden />
      <span role="status">DRILL — simulated site: nothing on a real server is changed</span>
      <Button
        ref={trigger}
        className={styles.controls}
        size="small"
        icon={<WrenchRegular />}
        onClick={() => openPanel(true)}
      >
        Drill controls
      </Button>
      {panelOpened && (
        <Suspense fallback={null}>
          <DrillPanel />
        </Suspense>
      )}
    </div>
  );
}
