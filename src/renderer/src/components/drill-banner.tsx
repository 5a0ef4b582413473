import { makeStyles, tokens } from '@fluentui/react-components';
import { BeakerRegular } from '@fluentui/react-icons';

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
});

/** Shown on every page of a drill, so a rehearsal is never mistaken for a recovery of the real site. */
export function DrillBanner() {
  const styles = useStyles();
  return (
    <div role="status" className={styles.banner}>
      <BeakerRegular className={styles.icon} aria-hidden />
      <span>DRILL — simulated site: nothing on a real server is changed</span>
    </div>
  );
}
