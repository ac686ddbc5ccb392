// Who signs: a local user's name and the passphrase that unlocks their key for this one signature (never kept), side by
// side; the approval dialog and the audit package page both ask for them.
import { Group, PasswordInput, TextInput } from '@mantine/core';

export interface SignerFieldsProps {
  /** what the signer is called here ('Approver', 'Signed by') */
  userLabel: string;
  /** what the passphrase is for, under its field */
  passphraseHint: string;
  user: string;
  passphrase: string;
  onUserChange: (user: string) => void;
  onPassphraseChange: (passphrase: string) => void;
  /** the fields are `${testIdPrefix}-user` and `${testIdPrefix}-passphrase` */
  testIdPrefix: string;
}

export function SignerFields(p: SignerFieldsProps) {
  return (
    <Group grow align="flex-start">
      <TextInput label={p.userLabel} description="A local user (airlock user create NAME)" value={p.user} onChange={(e) => p.onUserChange(e.currentTarget.value)} data-testid={`${p.testIdPrefix}-user`} />
      <PasswordInput
        label="Passphrase"
        description={p.passphraseHint}
        value={p.passphrase}
        onChange={(e) => p.onPassphraseChange(e.currentTarget.value)}
        autoComplete="off"
        data-testid={`${p.testIdPrefix}-passphrase`}
      />
    </Group>
  );
}
