// The selected requirement's editor: its text with lint highlights while typing (debounced, latest wins), the
// findings with why and a suggestion (applied in place where it is a plain replacement), the EARS pattern with a
// rewrite, its title, level, status, owner and typed attributes, Save of every changed field as one new revision, its
// acceptance criteria with their verdicts, its links, and the history with word diffs.
import { Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Save, Wand2 } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { AppError } from '../../../../shared/errors';
import type { RequirementDetail } from '../../../../shared/requirements';
import type { LintFinding } from '../../../../shared/requirements-lint';
import { formatPercent } from '../../components/format';
import { useRequirements } from '../../stores';
import { RequirementLinks } from '../trace/review/requirement-links';
import { OneLineError } from '../models/one-line-error';
import { AcceptanceCriteria } from './acceptance-criteria';
import { applyReplacement, plainReplacement, rebaseFindings } from './lint-spans';
import { RequirementFields } from './requirement-fields';
import { changesNothing, editOf, formOf, type RequirementForm } from './requirement-form';
import { LintTextarea } from './lint-textarea';
import { RevisionHistory } from './revision-history';

/** how long typing must pause before the text is linted: quick enough to feel live, few enough calls to stay cheap */
const LINT_DEBOUNCE_MS = 100;

function FindingItem({ finding, onApply }: { finding: LintFinding; onApply: ((finding: LintFinding, replacement: string) => void) | null }) {
  const replacement = plainReplacement(finding);
  return (
    <Card withBorder padding="xs" data-testid="lint-finding" data-rule={finding.rule}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap">
          <Badge size="sm" variant="light" color="orange">
            {finding.rule}
          </Badge>
          <Text size="sm" fw={600}>
            “{finding.text}”
          </Text>
        </Group>
        {replacement !== null && onApply && (
          <Button size="compact-xs" variant="light" leftSection={<Wand2 size={12} />} onClick={() => onApply(finding, replacement)} data-testid="apply-suggestion">
            Apply
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {finding.why}
      </Text>
      <Text size="xs" mt={2}>
        Suggestion: <em>{finding.suggestion}</em>
      </Text>
    </Card>
  );
}

function Editor({ detail }: { detail: RequirementDetail }) {
  const draftLint = useRequirements((s) => s.draftLint);
  const lintDraft = useRequirements((s) => s.lintDraft);
  const save = useRequirements((s) => s.save);
  const saving = useRequirements((s) => s.saving);
  const [form, setForm] = useState<RequirementForm>(() => formOf(detail));
  const text = form.text;
  const setText = (next: string) => setForm((f) => ({ ...f, text: next }));
  const edit = useMemo(() => editOf(detail, form), [detail, form]);
  const [refusal, setRefusal] = useState<AppError | null>(null);

  useEffect(() => {
    const timer = window.setTimeout(() => void lintDraft(text), LINT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, lintDraft]);

  const findings = useMemo(() => (draftLint ? rebaseFindings(draftLint.result.findings, draftLint.text, text) : []), [draftLint, text]);
  const current = draftLint?.text === text ? draftLint.result : null;
  const earsRewrite = current?.ears.rewrite ?? null;
  const apply = (finding: LintFinding, replacement: string) => setForm((f) => ({ ...f, text: applyReplacement(f.text, finding, replacement) }));
  const submit = async () => {
    setRefusal(null);
    const outcome = await save(detail.id, edit);
    if (!outcome.ok) setRefusal(outcome.error);
  };

  return (
    <Stack gap="xs">
      <LintTextarea value={text} onChange={setText} findings={findings} disabled={saving} testId="requirement-text" />
      <RequirementFields fields={detail.fields} form={form} disabled={saving} onChange={setForm} />
      <Group justify="space-between">
        <Group gap="xs" data-testid="draft-lint-summary">
          {current ? (
            <>
              <Badge variant="light" color={current.findings.length === 0 ? 'teal' : 'orange'} data-testid="draft-score">
                quality {formatPercent(current.score)}
              </Badge>
              <Badge variant="outline" data-testid="draft-ears">
                EARS: {current.ears.pattern}
              </Badge>
            </>
          ) : (
            <Loader size="xs" />
          )}
        </Group>
        <Button size="xs" leftSection={<Save size={14} />} onClick={() => void submit()} loading={saving} disabled={changesNothing(edit) || text.trim() === ''} data-testid="requirement-save">
          Save revision
        </Button>
      </Group>
      {refusal && <OneLineError error={refusal} onClose={() => setRefusal(null)} testId="requirement-save-refused" />}
      {earsRewrite !== null && (
        <Card withBorder padding="xs" data-testid="ears-rewrite">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="xs" c="dimmed">
              Fits no EARS pattern; the closest template:
            </Text>
            <Button size="compact-xs" variant="light" onClick={() => setText(earsRewrite)} disabled={saving} data-testid="use-ears-rewrite">
              Use it
            </Button>
          </Group>
          <Text size="sm">{earsRewrite}</Text>
        </Card>
      )}
      <Stack gap={6} data-testid="lint-findings">
        {findings.map((f) => (
          <FindingItem key={`${f.rule}:${f.start}:${f.end}`} finding={f} onApply={saving ? null : apply} />
        ))}
        {current && current.findings.length === 0 && (
          <Text size="sm" c="teal" data-testid="lint-clean">
            No smell found.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

export function RequirementEditor() {
  const detail = useRequirements((s) => s.detail);
  const selected = useRequirements((s) => s.selected);
  if (selected === null) return null;
  if (!detail) return <Loader size="sm" />;
  return (
    <Card withBorder padding="sm" data-testid="requirement-editor" data-id={detail.id}>
      <Stack gap="sm">
        <div>
          <Group gap="xs">
            <Text ff="monospace" size="xs" c="dimmed">
              {detail.id}
            </Text>
            <Badge size="sm" variant="default" data-testid="editor-revision">
              revision {detail.revision}
            </Badge>
            {detail.level && (
              <Badge size="sm" variant="light">
                {detail.level}
              </Badge>
            )}
            {detail.status && (
              <Badge size="sm" variant="light" color="gray">
                {detail.status}
              </Badge>
            )}
          </Group>
          {detail.title && (
            <Title order={5} mt={4}>
              {detail.title}
            </Title>
          )}
        </div>
        {/* a new revision starts the editor afresh from the stored text */}
        <Editor key={`${detail.id}@${detail.revision}`} detail={detail} />
        <AcceptanceCriteria requirement={detail.id} />
        <RequirementLinks requirement={detail.id} revision={detail.revision} />
        <Text size="sm" fw={600}>
          History
        </Text>
        <RevisionHistory id={detail.id} history={detail.history ?? []} />
      </Stack>
    </Card>
  );
}
