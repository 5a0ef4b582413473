import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWizardStore } from '../store/wizard-store';
import { railEntries, type RailEntry } from '../store/wizard-view';

const useStyles = makeStyles({
  nav: {
    width: '220px',
    flexShrink: 0,
    padding: `${tokens.spacingVerticalXL} 0`,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    overflowY: 'auto',
  },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderLeft: `${tokens.strokeWidthThicker} solid transparent`,
    color: tokens.colorNeutralForeground2,
  },
  link: {
    display: 'block',
    width: '100%',
    padding: 0,
    border: 'none',
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    textAlign: 'start',
    cursor: 'pointer',
    textDecorationLine: 'underline',
    textDecorationColor: tokens.colorNeutralStroke1,
    ':hover': { color: tokens.colorNeutralForeground1, textDecorationColor: 'currentColor' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  current: {
    borderLeftColor: tokens.colorBrandStroke1,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export function PageRail() {
  const styles = useStyles();
  const navigation = useWizardStore(
    useShallow((state) => ({
      step: state.step,
      selectedFlowId: state.selectedFlowId,
      descriptions: state.descriptions,
      answers: state.answers,
      lookups: state.lookups,
      pending: state.pending,
    })),
  );
  const openPage = useWizardStore((state) => state.openPage);
  const goToSummary = useWizardStore((state) => state.goToSummary);
  const open = (entry: RailEntry) => {
    if (entry.target?.kind === 'flow-page') openPage(entry.target.index);
    else if (entry.target?.kind === 'summary') void goToSummary();
  };
  const entries = railEntries(navigation);
  const ref = useRef<HTMLElement>(null);
  const [overflows, setOverflows] = useState(false);

  // A rail longer than the window (the data warehouse's 17 pages at 860 px) must scroll by keyboard too.
  // The observer reports both boxes once after the next layout and whenever either changes size; a
  // measurement here would force a layout of its own before the first paint.
  useEffect(() => {
    const element = ref.current;
    const list = element?.firstElementChild;
    if (!element || !list) return;
    const observer = new ResizeObserver(() => setOverflows(element.scrollHeight > element.clientHeight));
    observer.observe(element);
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  // The current entry stays in view as the operator moves on (Summary and Progress are at the foot
  // of a long rail), by scrolling the rail alone, never the window.
  const currentKey = entries.find((entry) => entry.current)?.key;
  useEffect(() => {
    const element = ref.current;
    const item = element?.querySelector<HTMLElement>('[aria-current]');
    if (!element || !item) return;
    const box = element.getBoundingClientRect();
    const at = item.getBoundingClientRect();
    if (at.top < box.top) element.scrollTop -= box.top - at.top;
    else if (at.bottom > box.bottom) element.scrollTop += at.bottom - box.bottom;
  }, [currentKey]);

  return (
    <nav ref={ref} aria-label="Wizard pages" className={styles.nav} tabIndex={overflows ? 0 : undefined}>
      <ol className={styles.list}>
        {entries.map((entry) => (
          <li
            key={entry.key}
            aria-current={entry.current ? 'step' : undefined}
            className={mergeClasses(styles.item, entry.current && styles.current)}
          >
            {entry.target ? (
              <button type="button" className={styles.link} onClick={() => open(entry)}>
                {entry.label}
              </button>
            ) : (
              entry.label
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
