// The words a requirement's text changed between two revisions, as the suspect link's cause shows them.
import { Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTraceReview } from '../../../stores';
import { diffKey } from '../../../stores/trace-review-store';
import classes from '../../requirements/requirements.module.css';

export function RevisionWordDiff({ requirement, from, to }: { requirement: string; from: number; to: number }) {
  const parts = useTraceReview((s) => s.diffs[diffKey(requirement, from, to)]);
  const loadDiff = useTraceReview((s) => s.loadDiff);
  useEffect(() => {
    void loadDiff(requirement, from, to);
  }, [requirement, from, to, loadDiff]);
  if (!parts) return null;
  return (
    <Text size="xs" data-testid="cause-diff">
      {parts.map((part, i) =>
        part.op === 'same' ? (
          <span key={i}>{part.text}</span>
        ) : part.op === 'removed' ? (
          <del key={i} className={classes.removed}>
            {part.text}
          </del>
        ) : (
          <ins key={i} className={classes.added}>
            {part.text}
          </ins>
        ),
      )}
    </Text>
  );
}
