// STUB: a requirements slice builds this page.
export function RequirementsTablePage({ document, selected }: { document: string | null; selected: string | null }) {
  return <div data-testid="requirements-stub">{JSON.stringify([document, selected])}</div>;
}
