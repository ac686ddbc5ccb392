// A run's editable side: tags (the airlock.* and mlflow.* ones are the system's and read-only) and a free-text note.
import type { RunDetail } from '../../../../shared/experiments';
import { TagsCard, TextCard } from '../../components/annotation-cards';
import { useExperiments } from '../../stores';

const isSystemTag = (key: string) => key.startsWith('airlock.') || key.startsWith('mlflow.');

export function RunTags({ run }: { run: RunDetail }) {
  const setTag = useExperiments((s) => s.setTag);
  return <TagsCard title="Tags" tags={run.tags} setTag={(key, value) => setTag(run.id, key, value)} readOnly={isSystemTag} testId="run" />;
}

export function RunNote({ run }: { run: RunDetail }) {
  const setNote = useExperiments((s) => s.setNote);
  return (
    <TextCard
      title="Note"
      hint="markdown, kept as text"
      text={run.note}
      placeholder="What was this run for? What did you learn?"
      save={(text) => setNote(run.id, text)}
      saveLabel="Save note"
      testId="run-note"
      monospace
    />
  );
}
