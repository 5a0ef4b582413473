import { Badge, Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { DrillScenario } from '../../../shared/drill-contract';
import { useDrillStore } from '../store/drill-store';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  title: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  // A badge is one line high: squeezed by a long title its words overflowed the pill.
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
  note: { color: tokens.colorNeutralForeground2 },
  unavailable: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

function ScenarioCard({ scenario, active }: { scenario: DrillScenario; active: boolean }) {
  const styles = useStyles();
  const start = useDrillStore((state) => state.startScenario);
  const busy = useDrillStore((state) => state.pending !== null);
  const [confirming, setConfirming] = useState(false);
  const titleId = useId();
  const procedures = scenario.steps.filter((step) => step.kind === 'procedure').length;

  return (
    <Card aria-labelledby={titleId} data-testid={`scenario-${scenario.id}`}>
      <div className={styles.title}>
        <Text id={titleId} weight="semibold">
          {scenario.title}
        </Text>
        {active && (
          <Badge appearance="tint" className={styles.badge}>
            being rehearsed
          </Badge>
        )}
      </div>
      {scenario.available ? (
        <>
          <Text size={200}>{scenario.situation}</Text>
          <Text size={200} className={styles.note}>
            {procedures} {procedures === 1 ? 'procedure' : 'procedures'}, from {scenario.sources.join('; ')}.
          </Text>
        </>
      ) : (
        <Text size={200} className={styles.unavailable}>
          {scenario.unavailableReason}
        </Text>
      )}
      {scenario.available && (
        <div className={styles.actions}>
          {confirming ? (
            <>
              <Text size={200}>Starting resets the simulated site first.</Text>
              <Button
                appearance="primary"
                aria-describedby={titleId}
                disabled={busy}
                onClick={() => {
                  setConfirming(false);
                  void start(scenario.id);
                }}
              >
                Reset and start
              </Button>
              <Button aria-describedby={titleId} onClick={() => setConfirming(false)}>
                Keep the site as it is
              </Button>
            </>
          ) : (
            <Button aria-describedby={titleId} disabled={busy} onClick={() => setConfirming(true)}>
              {active ? 'Start again' : 'Start this scenario'}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}

/** The disaster scenarios the drill rehearses, each started from here. */
export function DrillScenarioList() {
  const styles = useStyles();
  const scenarios = useDrillStore((state) => state.scenarios);
  if (!scenarios) return null;
  return (
    <div className={styles.list}>
      {scenarios.scenarios.map((scenario) => (
        <ScenarioCard key={scenario.id} scenario={scenario} active={scenarios.active?.scenarioId === scenario.id} />
      ))}
    </div>
  );
}
