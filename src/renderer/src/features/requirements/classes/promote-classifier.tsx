// "Promote": makes a classifier version the project's classifier by a signed approval moving the classifier alias
// (the registry's approval flow, four eyes included), then reads the classifier again.
import { Button } from '@mantine/core';
import { BadgeCheck } from 'lucide-react';
import { useState } from 'react';
import { CLASSIFIER_ALIAS, CLASSIFIER_MODEL } from '../../../../../shared/requirements-classes';
import { useClassifier, useModels } from '../../../stores';
import { ApproveDialog } from '../../models/approve-dialog';

/** the version number of a NAME@VERSION the classifier channels name */
export const versionOf = (ref: string): number => Number(ref.slice(ref.lastIndexOf('@') + 1));

export function PromoteClassifier({ version, testId }: { version: number; testId: string }) {
  const loadVersion = useModels((s) => s.loadVersion);
  const detail = useModels((s) => s.versions[`${CLASSIFIER_MODEL}@${version}`]);
  const loadInfo = useClassifier((s) => s.loadInfo);
  const [opened, setOpened] = useState(false);

  const open = async () => {
    // the dialog names the version's author (who may not approve it) and offers its evaluations as evidence
    await loadVersion(CLASSIFIER_MODEL, version);
    setOpened(true);
  };

  return (
    <>
      <Button size="xs" leftSection={<BadgeCheck size={14} />} onClick={() => void open()} data-testid={testId}>
        Promote v{version}…
      </Button>
      {detail && (
        <ApproveDialog
          opened={opened}
          onClose={() => {
            setOpened(false);
            void loadInfo();
          }}
          name={CLASSIFIER_MODEL}
          version={version}
          author={detail.author}
          evaluations={detail.evaluations}
          alias={CLASSIFIER_ALIAS}
        />
      )}
    </>
  );
}
