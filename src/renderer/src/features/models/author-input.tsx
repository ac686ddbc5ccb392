// Who a registration or an import records as the version's author: a local user, or (left empty) this session. The
// approval rules read it: the author can never approve their own version.
import { TextInput } from '@mantine/core';

export function AuthorInput({
  value,
  onChange,
  disabled,
  size = 'sm',
  w,
  testId,
}: {
  value: string;
  onChange: (v: string) => void;
  disabled?: boolean;
  size?: 'xs' | 'sm';
  w?: number;
  testId: string;
}) {
  return (
    <TextInput
      size={size}
      label="Author"
      description="A local user; empty: you"
      placeholder="this session"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      disabled={disabled}
      w={w}
      data-testid={testId}
    />
  );
}
