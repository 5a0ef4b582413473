import {
  Button,
  Dropdown,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  OverlayDrawer,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { DRILL_FAULTS, DRILL_KIT_FOLDER_MAX, type DrillSiteState } from '../../../shared/drill-contract';
import type { KitCheckProgress } from '../../../shared/recovery-kit';
import { useDrillStore } from '../store/drill-store';
import { useWizardStore } from '../store/wizard-store';
import { wizardApi } from '../wizard-api';
import { DrillFaultForm } from './drill-fault-form';
import { DrillScenarioList } from './drill-scenario-list';
import { DrillSignIn } from './drill-sign-in';
import { KitCheckProgressView, KitCheckResultView } from './kit-check-result';

const useStyles = makeStyles({
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXL,
    paddingBottom: tokens.spacingVerticalXXL,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  note: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', alignItems: 'flex-end', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.heading}>
        {title}
      </h3>
      {children}
    </section>
  );
}

/** What the drill has been told to make go wrong and has not used up yet. */
function WaitingFaults({ site }: { site: DrillSiteState }) {
  const styles = useStyles();
  const unreachable = site.computers.filter((computer) => !computer.reachable).map((computer) => computer.name);
  const lines = [
    ...unreachable.map((name) => `${name} does not answer`),
    ...site.faults.map((fault) => {
      const target = 'computer' in fault ? fault.computer : 'server' in fault ? fault.server : '';
      const times = 'times' in fault ? ` (${fault.times} more ${fault.times === 1 ? 'time' : 'times'})` : '';
      return `${DRILL_FAULTS[fault.kind].title}${target ? `: ${target}` : ''}${times}`;
    }),
  ];
  if (lines.length === 0)
    return (
      <Text size={200} className={styles.note}>
        No fault is waiting to happen.
      </Text>
    );
  return (
    <ul className={styles.list} aria-label="Faults waiting to happen">
      {lines.map((line) => (
        <li key={line}>
          <Text size={200}>{line}</Text>
        </li>
      ))}
    </ul>
  );
}

function RestartComputer({ site }: { site: DrillSiteState }) {
  const styles = useStyles();
  const restart = useDrillStore((state) => state.restart);
  const busy = useDrillStore((state) => state.pending !== null);
  const [computer, setComputer] = useState('');
  return (
    <div className={styles.row}>
      <Field label="Computer" className={styles.grow}>
        <Dropdown
          value={computer}
          selectedOptions={computer ? [computer] : []}
          placeholder="choose one"
          onOptionSelect={(_, data) => setComputer(data.optionValue ?? '')}
        >
          {site.computers.map((candidate) => (
            <Option key={candidate.name} value={candidate.name}>
              {`${candidate.name}${candidate.reachable ? '' : ' (does not answer)'}${candidate.restartPending ? ' (restart pending)' : ''}`}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button disabled={busy || !computer} onClick={() => void restart(computer)}>
        Restart
      </Button>
    </div>
  );
}

function ResetSite() {
  const styles = useStyles();
  const reset = useDrillStore((state) => state.reset);
  const busy = useDrillStore((state) => state.pending !== null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className={styles.row}>
      {confirming ? (
        <>
          <Text size={200}>Every change the drill made is undone, and the scenario being rehearsed ends.</Text>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => {
              setConfirming(false);
              void reset();
            }}
          >
            Reset now
          </Button>
          <Button onClick={() => setConfirming(false)}>Keep the site</Button>
        </>
      ) : (
        <Button disabled={busy} onClick={() => setConfirming(true)}>
          Reset the simulated site
        </Button>
      )}
    </div>
  );
}

function DrillFromKit() {
  const styles = useStyles();
  const fromKit = useDrillStore((state) => state.fromKit);
  const forgetKitCheck = useDrillStore((state) => state.forgetKitCheck);
  const backToSample = useDrillStore((state) => state.backToSample);
  const busy = useDrillStore((state) => state.pending !== null);
  const fromKitNow = useWizardStore((state) => state.site?.manifestSource.includes('from the recovery kit') ?? false);
  const refusal = useDrillStore((state) => (state.error?.call === 'kit' ? state.error.message : undefined));
  const checking = useDrillStore((state) => state.pending === 'kit');
  const check = useDrillStore((state) => state.kitCheck);
  const [progress, setProgress] = useState<KitCheckProgress | null>(null);
  useEffect(() => wizardApi.on('kit:check-progress', setProgress), []);
  // The check's progress and findings open below the folder, at the foot of a long panel: in view.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (checking || check) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [checking, check]);
  const [folder, setFolder] = useState('');
  // Said where it is typed, rather than refused by the host in the words of its request schema.
  const tooLong = folder.trim().length > DRILL_KIT_FOLDER_MAX;
  const build = () => {
    if (!folder.trim() || tooLong || busy) return;
    setProgress(null);
    void fromKit(folder.trim());
  };
  return (
    <>
      <Text size={200} className={styles.note}>
        The site’s own manifest, database backups, management packs and keys, put on the simulated kit share: the drill
        then rehearses with the site’s own servers, databases and names. Every file is first verified against the kit
        index, as for a real recovery. Nothing in the kit is changed.
      </Text>
      <div className={styles.row}>
        <Field
          label="Recovery kit folder"
          hint="The folder holding site.json, e.g. E:\RecoveryKit"
          validationMessage={
            tooLong ? `A folder path has at most ${DRILL_KIT_FOLDER_MAX.toLocaleString('en-US')} characters.` : refusal
          }
          className={styles.grow}
        >
          <Input
            value={folder}
            spellCheck={false}
            onChange={(_, data) => {
              setFolder(data.value);
              forgetKitCheck();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                build();
              }
            }}
          />
        </Field>
        <Button disabled={busy || !folder.trim() || tooLong} onClick={build}>
          Build the drill from this kit
        </Button>
      </div>
      <div ref={resultRef}>
        {checking && <KitCheckProgressView progress={progress} />}
        {check && !checking && (
          <KitCheckResultView
            check={check}
            busy={busy}
            purpose="drill"
            layout="list"
            onLoadAnyway={() => {
              setProgress(null);
              void fromKit(check.path, true);
            }}
          />
        )}
      </div>
      {fromKitNow && (
        <div className={styles.row}>
          <Button disabled={busy} onClick={() => void backToSample()}>
            Use the sample site again
          </Button>
        </div>
      )}
    </>
  );
}

/** Messages of the last action, where a screen reader hears them. */
function Outcome() {
  const notice = useDrillStore((state) => state.notice);
  // Where the operator typed is where a refusal of the kit folder or a sign-in is shown.
  const error = useDrillStore((state) =>
    state.error?.call === 'kit' || state.error?.call === 'sign-in' ? null : state.error,
  );
  return (
    <div aria-live="polite">
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      {!error && notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/**
 * The drill's controls, in drill mode only: the disaster scenarios, where the operator is signed
 * in, every fault the drill supports, restarting a computer, resetting the site, and building the
 * drill from a recovery kit.
 */
export function DrillPanel() {
  const styles = useStyles();
  const open = useDrillStore((state) => state.panelOpen);
  const setOpen = useDrillStore((state) => state.setPanelOpen);
  const site = useDrillStore((state) => state.site);

  return (
    <OverlayDrawer open={open} position="end" size="medium" onOpenChange={(_, data) => setOpen(data.open)}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button
              appearance="subtle"
              aria-label="Close the drill controls"
              icon={<DismissRegular />}
              onClick={() => setOpen(false)}
            />
          }
        >
          Drill controls
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <Outcome />
        <Section title="Disaster scenarios">
          <Text size={200} className={styles.note}>
            A scenario sets the simulated site up for a disaster and lists the procedures the recovery guides give, in
            order. The bar under the header then says where you are and what comes next.
          </Text>
          <DrillScenarioList />
        </Section>
        <Section title="Where you are signed in">
          <DrillSignIn />
        </Section>
        {site && (
          <>
            <Section title="Inject a fault">
              <DrillFaultForm site={site} />
              <WaitingFaults site={site} />
            </Section>
            <Section title="Restart a computer">
              <Text size={200} className={styles.note}>
                As after Setup asks for it, or when someone brings back a computer that did not answer.
              </Text>
              <RestartComputer site={site} />
            </Section>
          </>
        )}
        <Section title="Reset the site">
          <ResetSite />
        </Section>
        <Section title="Drill from a recovery kit">
          <DrillFromKit />
        </Section>
      </DrawerBody>
    </OverlayDrawer>
  );
}
