// A textarea whose lint findings show as marks behind the text while typing: the marks sit in a backdrop with the
// textarea's exact metrics, and the textarea grows with its content so neither ever scrolls apart from the other.
import { useLayoutEffect, useRef } from 'react';
import type { LintFinding } from '../../../../shared/requirements-lint';
import { highlightSegments } from './lint-spans';
import classes from './requirements.module.css';

export interface LintTextareaProps {
  value: string;
  onChange(value: string): void;
  /** findings placed on `value` (rebased where the text changed since they were computed) */
  findings: readonly LintFinding[];
  disabled: boolean;
  testId: string;
}

export function LintTextarea({ value, onChange, findings, disabled, testId }: LintTextareaProps) {
  const input = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [value]);
  return (
    <div className={classes.editorWrap}>
      <div className={classes.backdrop} aria-hidden data-testid={`${testId}-marks`}>
        {highlightSegments(value, findings).map((segment) =>
          segment.findings.length === 0 ? (
            segment.text
          ) : (
            <mark key={segment.start} className={classes.mark} data-testid="lint-mark" data-rule={segment.findings.map((f) => f.rule).join(' ')}>
              {segment.text}
            </mark>
          ),
        )}
        {/* a textarea shows a last empty line after a final newline; the backdrop needs a character to match it */}
        {'\u200b'}
      </div>
      <textarea
        ref={input}
        className={classes.editorInput}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        disabled={disabled}
        spellCheck={false}
        aria-label="Requirement text"
        data-testid={testId}
      />
    </div>
  );
}
