// STUB: a requirements slice builds this page.
export function PairsPage({ document }: { document: string | null }) {
  return <div data-testid="requirements-stub">{JSON.stringify([document])}</div>;
}
